from django.urls import path

from bodies import feeds
from bodies.views import compare, directory, evaluate, home, pages, shortlist, statistics, verify

app_name = "bodies"

urlpatterns = [
    path("", home.home, name="home"),
    path("bodies/", directory.body_list, name="body-list"),
    path("bodies/<slug:slug>/", pages.body_detail, name="body-detail"),
    path("accreditation-bodies/", pages.accreditation_body_list, name="accreditation-body-list"),
    path(
        "accreditation-bodies/<slug:slug>/",
        pages.accreditation_body_detail,
        name="accreditation-body-detail",
    ),
    path("standards/", pages.standard_list, name="standard-list"),
    path("standards/<slug:slug>/", pages.standard_detail, name="standard-detail"),
    path("verify/", verify.verify, name="verify"),
    path("verify/bulk/", verify.bulk_verify, name="verify-bulk"),
    path("verify/certificate/<int:pk>/", verify.certificate_detail, name="verify-certificate"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("feeds/changes/", feeds.ChangesFeed(), name="feed-changes"),
    path(
        "feeds/changes/country/<str:code>/",
        feeds.CountryChangesFeed(),
        name="feed-changes-country",
    ),
    path(
        "feeds/changes/accreditation-body/<slug:slug>/",
        feeds.AccreditationBodyChangesFeed(),
        name="feed-changes-accreditation-body",
    ),
    path("feeds/changes/body/<slug:slug>/", feeds.BodyChangesFeed(), name="feed-changes-body"),
    path(
        "feeds/changes/scheme/<slug:slug>/", feeds.SchemeChangesFeed(), name="feed-changes-scheme"
    ),
    path("evaluate/", evaluate.evaluate, name="evaluate"),
    path("shortlist/", shortlist.shortlist_page, name="shortlist"),
    path("shortlist/add/", shortlist.shortlist_add, name="shortlist-add"),
    path("shortlist/remove/", shortlist.shortlist_remove, name="shortlist-remove"),
    path("compare/", compare.compare, name="compare"),
]
