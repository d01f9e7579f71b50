from django.urls import path

from sciezka.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("membership/", views.membership_switch, name="membership-switch"),
    path("institutions/", views.institution_list_view, name="institution-list"),
]
