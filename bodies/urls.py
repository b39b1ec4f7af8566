from django.urls import path

from bodies.views import compare, evaluate, home, pages, shortlist

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
    path("evaluate/", evaluate.evaluate, name="evaluate"),
    path("shortlist/", shortlist.shortlist_page, name="shortlist"),
    path("shortlist/add/", shortlist.shortlist_add, name="shortlist-add"),
    path("shortlist/remove/", shortlist.shortlist_remove, name="shortlist-remove"),
    path("compare/", compare.compare, name="compare"),
]
