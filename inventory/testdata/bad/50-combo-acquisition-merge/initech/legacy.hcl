tool "pardot" {
  product = "salesforce-account-engagement"
  owner   = team.growth
  status  = "retiring"
  name    = "Pardot (legacy
}
