# Dates that are not real "YYYY-MM-DD" calendar days.

tool "hubspot" {
  product = "hubspot-marketing-hub"

  contract {
    start = "2026-13-01" # ERROR: Invalid date
    end   = "01/02/2026" # ERROR: Invalid date
  }
}

tool "salesforce" {
  product = "salesforce-sales-cloud"

  contract {
    start = "2026-2-1" # ERROR: Invalid date
    end   = "2027-02-30" # ERROR: Invalid date
  }
}

tool "segment" {
  product = "segment"

  contract {
    end = "2026-08-31T00:00:00Z" # ERROR: Invalid date
  }
}

waiver "marketo-overlap" {
  rule    = "redundant-capability"
  reason  = "Migration to HubSpot completes in Q2 2027"
  expires = "Q2 2027" # ERROR: Invalid date
}
