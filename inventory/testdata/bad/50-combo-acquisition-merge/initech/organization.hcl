organization { # ERROR: Duplicate organization block
  name     = "Initech"
  currency = "EUR"
}
