from django.urls import path

from bodies.views import home, pages, statistics

app_name = "bodies"

urlpatterns = [
    path("", home.home, name="home"),
    path("bodies/<slug:slug>/", pages.body_detail, name="body-detail"),
    path("accreditation-bodies/", pages.accreditation_body_list, name="accreditation-body-list"),
    path(
        "accreditation-bodies/<slug:slug>/",
        pages.accreditation_body_detail,
        name="accreditation-body-detail",
    ),
    path("standards/", pages.standard_list, name="standard-list"),
    path("standards/<slug:slug>/", pages.standard_detail, name="standard-detail"),
    path("statistics/", statistics.statistics, name="statistics"),
]
