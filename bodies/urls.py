from django.urls import path

from bodies.views import home

app_name = "bodies"

urlpatterns = [
    path("", home.home, name="home"),
]
