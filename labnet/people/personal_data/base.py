"""What the personal-data sections share."""


def iso(value):
    """A date or datetime as ISO text in the download, None when not set."""
    return value.isoformat() if value is not None else None
