"""The home page: a search box into the directory, shortcuts, headline figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bodies.filters import MAX_Q_LENGTH
from bodies.queries.directory import home_summary


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"summary": home_summary(), "max_q_length": MAX_Q_LENGTH})
