# Misspelled block types, at the top level and inside a tool.

team "mops" {
  name = "Marketing Operations"
}

tol "hubspot" { # ERROR: Unsupported block type
  category = "marketing-automation"
  owner    = team.mops
}

tools "marketo" { # ERROR: Unsupported block type
  product = "marketo-engage"
  owner   = team.mops
}

tool "segment" {
  product = "segment"
  owner   = team.mops

  costs { # ERROR: Unsupported block type
    amount = 30000
    period = "year"
  }

  contrat { # ERROR: Unsupported block type
    end = "2026-08-31"
  }
}
