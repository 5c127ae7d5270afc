"""The time zones of metropolitan and overseas France that events and trainings are held in."""

# Values are IANA names, so that `zoneinfo.ZoneInfo(value)` reads any of them.
TIME_ZONE_CHOICES = [
    (name, name)
    for name in (
        "Europe/Paris",
        "America/Guadeloupe",
        "America/Martinique",
        "America/Cayenne",
        "Indian/Reunion",
        "Indian/Mayotte",
        "Pacific/Noumea",
        "Pacific/Tahiti",
        "America/Miquelon",
    )
]
