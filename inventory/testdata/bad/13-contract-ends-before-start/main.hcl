# Contracts whose end is not after their start (start and end swapped, and
# a term of zero days).

tool "hubspot" {
  product = "hubspot-marketing-hub"

  contract {
    start       = "2026-04-01"
    end         = "2025-04-01" # ERROR: Invalid contract dates
    auto_renew  = true
    notice_days = 90
  }
}

tool "gong" {
  product = "gong"

  contract {
    start = "2026-01-15"
    end   = "2026-01-15" # ERROR: Invalid contract dates
  }
}
