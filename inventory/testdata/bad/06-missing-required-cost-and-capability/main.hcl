# Cost blocks without amount or period, and a custom capability without its category.

team "mops" {
  name = "Marketing Operations"
}

capability "podcast-hosting" { # ERROR: Missing required argument
  name = "Podcast hosting and analytics"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops

  cost { # ERROR: Missing required argument
    period = "year"
    seats  = 40
  }
}

tool "zoom_webinars" {
  product = "zoom-webinars"
  owner   = team.mops

  cost { # ERROR: Missing required argument
    amount = 6900
  }
}
