team "mops" {
  name = "Marketing Operations"
}

data_class "web_events" {
  sensitivity = "personal"
}

tool "hubspot" {
  product = "hubspot-marketing-hub"
}
