data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
  steward     = team.privacy # ERROR: Reference to undeclared team
}

data_class "audiences" {
  name        = "Matched audiences"
  sensitivity = "personal"
  steward     = team.marketing
}
