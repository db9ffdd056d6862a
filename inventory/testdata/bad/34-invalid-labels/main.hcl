# Labels must match [a-z][a-z0-9_-]*.

team "1st-line-support" { # ERROR: Invalid block label
  name = "First-line support"
}

team "Marketing Ops" { # ERROR: Invalid block label
  name = "Marketing Operations"
}

tool "HubSpot" { # ERROR: Invalid block label
  product = "hubspot-marketing-hub"
}

tool "google.analytics" { # ERROR: Invalid block label
  product = "google-analytics-4"
}

data_class "" { # ERROR: Invalid block label
  sensitivity = "personal"
}
