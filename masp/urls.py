from __future__ import annotations

from django.urls import path, re_path

from masp.activity.views import dashboard, imports, reports, review
from masp.coverage import directory
from masp.coverage import views as coverage
from masp.coverage.siting import views as siting
from masp.sites import views as sites
from masp.staffing import views as staffing

app_name = "masp"

urlpatterns = [
    # "" (home) and "maisons/<pk>/" (site_detail): workspace/urls.py, mounted with these.
    path("maisons/", sites.SiteListView.as_view(), name="site_list"),
    path("maisons/<int:pk>/effectifs/", staffing.staffing_detail, name="staffing_detail"),
    path(
        "maisons/<int:pk>/effectifs/declarer/", staffing.staffing_declare, name="staffing_declare"
    ),
    path(
        "maisons/<int:pk>/effectifs/historique/",
        staffing.staffing_history,
        name="staffing_history",
    ),
    path("effectifs/", staffing.staffing_overview, name="staffing_overview"),
    path("effectifs/region/<str:code>/", staffing.staffing_region, name="staffing_region"),
    path("couverture/", coverage.coverage_national, name="coverage"),
    path("couverture/regions/<str:code>/", coverage.coverage_region, name="coverage_region"),
    path("couverture/implantation/", siting.siting, name="siting"),
    re_path(
        r"^couverture/implantation/export\.(?P<fmt>csv|xlsx)$",
        siting.siting_export,
        name="siting_export",
    ),
    path("couverture/implantation/scenarios/", siting.scenario_list, name="siting_scenarios"),
    path(
        "couverture/implantation/scenarios/comparer/",
        siting.scenario_compare,
        name="siting_compare",
    ),
    path(
        "couverture/implantation/scenarios/<int:pk>/",
        siting.scenario_detail,
        name="siting_scenario",
    ),
    re_path(
        r"^couverture/implantation/scenarios/(?P<pk>[0-9]+)/export\.(?P<fmt>csv|xlsx)$",
        siting.scenario_export,
        name="siting_scenario_export",
    ),
    path("annuaire/", directory.directory, name="directory"),
    # Activity reports
    path("rapports/", reports.my_reports, name="my_reports"),
    path(
        "rapports/nouveau/<int:site_pk>/<int:campaign_pk>/",
        reports.report_start,
        name="report_start",
    ),
    path("rapports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("rapports/<int:pk>/modifier/", reports.report_edit, name="report_edit"),
    path("rapports/<int:pk>/historique/", reports.report_history, name="report_history"),
    re_path(
        r"^rapports/(?P<pk>[0-9]+)/(?P<name>submit|return|validate|reopen)/$",
        reports.report_transition,
        name="report_transition",
    ),
    path("instruction/", review.review_queue, name="review_queue"),
    path("instruction/valider/", review.review_validate, name="review_validate"),
    path("instruction/<int:pk>/", review.report_review, name="report_review"),
    path("instruction/<int:pk>/decision/", review.review_decide, name="review_decide"),
    path("rapports/tableau-de-bord/", dashboard.report_dashboard, name="report_dashboard"),
    path("rapports/import/", imports.report_import, name="report_import"),
    path("rapports/import/modele.csv", imports.import_template, name="report_import_template"),
    path("campagnes/", review.campaign_list, name="campaign_list"),
]
