# Tools with neither a category nor a catalog product that gives one.

team "demand_gen" {
  name = "Demand Generation"
}

tool "goldcast" { # ERROR: Missing required argument
  name   = "Goldcast"
  vendor = "Goldcast"
  owner  = team.demand_gen
}

tool "on24" { # ERROR: Missing required argument
  name    = "ON24 Webcast Elite"
  vendor  = "ON24"
  product = "on24-webcast" # WARNING: Unknown product
  owner   = team.demand_gen
}
