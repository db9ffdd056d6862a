tool "hubspot" {
  product = "hubspot-marketing-hub"
  owner   = team.mops

  cost {
    amount = 96000
    period = "year"
    seats  = 40.5 # ERROR: Invalid value for seats
  }

  contract {
    start       = "2026-04-01"
    end         = "2025-03-31" # ERROR: Invalid contract dates
    auto_renew  = true
    notice_days = 90
  }

  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
  }
}

tool "zoom_webinars" {
  product = "zoom-webinars"
  owner   = team.mops
  status  = "sunset" # ERROR: Invalid value for status
}
