"""The caveats of the ISO Survey figures (SOURCES.md §5), shown with every chart of them."""

from django.utils.translation import gettext_lazy

# Years whose survey covered something different from the year before (SOURCES.md §5);
# charts mark them with an asterisk.
COVERAGE_CHANGES = {
    2018: gettext_lazy(
        "2018: ISO changed the survey method (certificates and sites counted separately); "
        "not comparable with earlier years."
    ),
    2022: gettext_lazy("2022: the first survey to add data from IAF CertSearch."),
    2023: gettext_lazy(
        "2023: China's accreditation body did not take part; most of the drop is "
        "China's missing certificates."
    ),
    2024: gettext_lazy("2024 onwards: the survey is compiled from IAF CertSearch data."),
}
CAVEATS = [
    gettext_lazy(
        "ISO's own survey files were not available: every figure is quoted from a public "
        "report of the ISO Survey, and each is listed below with its sources."
    ),
    gettext_lazy(
        "The survey's coverage changes from year to year, so comparisons between years are "
        "unreliable."
    ),
    gettext_lazy(
        "Excluded: a DNV Belgium page gives other 2022 figures (ISO 9001 1,024,674; ISO "
        "14001 485,054; ISO 45001 367,182; ISO/IEC 27001 67,326; ISO 50001 26,625) that "
        "contradict its own percentages."
    ),
    gettext_lazy(
        "Sources differ slightly on some totals (2016: 1,644,357 per UKAS and DNV, 1,643,529 "
        "per ISO; 2015: 1,519,952 per DNV, 1,520,368 per ISO). Figures are shown as quoted."
    ),
    gettext_lazy(
        "Totals over all standards count a different set of standards each year: they are "
        "listed as reported and not charted."
    ),
    gettext_lazy(
        "A certificate can cover several IAF sectors, so the figures by sector do not add up "
        "to the certificate total."
    ),
    gettext_lazy("Certified sites are counted only where a source gives them."),
]
