from django.urls import path

from . import agenda_views, calendar_views, campaign_views, organiser_views, registration_views

app_name = "events"

# Campaign pages come first: their fixed words ("campagnes", "propositions") must win
# over an event's own `<key>/` pattern.
campaign_urlpatterns = [
    path("", agenda_views.agenda, name="agenda"),
    path("campagnes/", campaign_views.campaign_list_view, name="campaign_list"),
    path("campagnes/<slug:key>/", campaign_views.campaign_detail, name="campaign_detail"),
    path("campagnes/<slug:key>/proposer/", campaign_views.proposal_create, name="proposal_create"),
    path("mes-propositions/", campaign_views.my_proposals, name="my_proposals"),
    path(
        "mes-propositions/<slug:key>/modifier/",
        campaign_views.proposal_edit,
        name="proposal_edit",
    ),
    path("propositions/", campaign_views.review_queue, name="review_queue"),
    path("propositions/<slug:key>/", campaign_views.review_detail, name="review_detail"),
]

# Event pages: the fixed prefixes first, the event's own `<key>/` last.
event_urlpatterns = [
    path("mes-inscriptions/", registration_views.my_registrations, name="my_registrations"),
    path(
        "inscription/<uuid:token>/confirmer/",
        registration_views.registration_confirm_view,
        name="registration_confirm",
    ),
    path(
        "inscription/<uuid:token>/annuler/",
        registration_views.registration_cancel_view,
        name="registration_cancel",
    ),
    path(
        "inscription/<uuid:token>/calendrier.ics",
        registration_views.registration_ics,
        name="registration_ics",
    ),
    path("flux/laboratoire/<slug:key>.ics", calendar_views.feed_lab, name="feed_lab"),
    path("flux/campagne/<slug:key>.ics", calendar_views.feed_campaign, name="feed_campaign"),
    path("flux/region/<str:code>.ics", calendar_views.feed_region, name="feed_region"),
    path("<slug:key>/calendrier.ics", calendar_views.event_ics, name="event_ics"),
    path("<slug:key>/inscription/", registration_views.event_register, name="event_register"),
    path("<slug:key>/presences/", organiser_views.event_attendance, name="event_attendance"),
    path("<slug:key>/places/", organiser_views.event_capacity, name="event_capacity"),
    path("<slug:key>/annulation/", organiser_views.event_cancel_view, name="event_cancel"),
    path(
        "<slug:key>/inscrits.csv",
        organiser_views.event_attendees_export,
        name="event_attendees_export",
    ),
    path("<slug:key>/", registration_views.event_detail, name="event_detail"),
]

urlpatterns = [*campaign_urlpatterns, *event_urlpatterns]
