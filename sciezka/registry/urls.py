from django.urls import path

from sciezka.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.person_search_view, name="person-search"),
    path("new/", views.client_register_view, name="client-register"),
    path("<uuid:public_id>/", views.person_detail_view, name="person-detail"),
    path("<uuid:public_id>/registrations/", views.registration_create_view, name="registration-create"),
]
