from django.urls import path

from sciezka.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
