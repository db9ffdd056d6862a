# HubSpot as the marketing team declared it.

tool "hubspot" {
  name    = "HubSpot Marketing Hub"
  product = "hubspot-marketing-hub"
  owner   = team.mops

  cost {
    amount = 96000
    period = "year"
    seats  = 40
  }
}
