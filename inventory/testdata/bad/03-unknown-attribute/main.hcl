# Typos in attribute names: each gets a "did you mean".

team "mops" {
  name = "Marketing Operations"
  leed = "dana@acme.example" # ERROR: Unsupported argument
}

tool "hubspot" {
  name     = "HubSpot Marketing Hub"
  categroy = "marketing-automation" # ERROR: Unsupported argument
  product  = "hubspot-marketing-hub"
  ownr     = team.mops # ERROR: Unsupported argument

  contract {
    start      = "2025-04-01"
    end        = "2026-04-01"
    notice_day = 90 # ERROR: Unsupported argument
  }
}
