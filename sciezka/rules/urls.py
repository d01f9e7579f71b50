from django.urls import path

from sciezka.rules import views

app_name = "rules"

urlpatterns = [
    path("", views.rule_list_view, name="list"),
    path("<slug:code>/", views.rule_detail_view, name="detail"),
    path("<slug:code>/<str:version>/confirm/", views.rule_confirm_view, name="confirm"),
]
