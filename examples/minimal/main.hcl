# A minimal stackaudit inventory: copy this file and grow it.
#
# One organization, one team, one objective, one data class, two tools and
# one data flow. `stackaudit validate` checks it and `stackaudit check`
# reports no findings on it. Every `team.x`, `tool.y`, `objective.z` and
# `data_class.w` below is a reference to a block declared in this file.

organization {
  name              = "Example Co"
  currency          = "USD"
  fiscal_year_start = "01-01"
  operating_model   = "center-of-excellence"
}

# Whoever owns a tool, a flow, an objective or a data class.
team "marketing" {
  name = "Marketing"
  lead = "alex@example.com"
}

# What the spend is for: every paid tool should support one.
objective "pipeline" {
  name  = "Grow marketing-sourced pipeline 20% YoY"
  owner = team.marketing
  kpis  = ["Marketing-qualified leads per month", "Pipeline (USD)"]
}

# Personal data needs a steward, and every tool that holds it needs a DPA.
data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
  steward     = team.marketing
}

tool "hubspot" {
  name         = "HubSpot Marketing Hub"
  vendor       = "HubSpot"
  product      = "hubspot-marketing-hub"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "forms", "landing-pages", "lead-scoring"]
  owner        = team.marketing
  admins       = ["alex@example.com"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration", "conversion"]
  sso          = true
  stores       = [data_class.contact_pii]

  # A flat fee: no `seats`. Add `seats = N` (and a `scan` block to measure
  # them) for seat-based licences.
  cost {
    amount = 9600
    period = "year"
  }

  contract {
    start       = "2026-03-01"
    end         = "2027-09-30"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "webflow" {
  name         = "Webflow"
  vendor       = "Webflow"
  product      = "webflow"
  category     = "cms-web-experience"
  capabilities = ["website-builder"]
  owner        = team.marketing
  admins       = ["alex@example.com"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.contact_pii]

  cost {
    amount = 235
    period = "month"
  }

  contract {
    start       = "2026-07-01"
    end         = "2027-06-30"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

# Form submissions on the website land in HubSpot.
flow "webflow_to_hubspot" {
  from      = tool.webflow
  to        = tool.hubspot
  data      = [data_class.contact_pii]
  owner     = team.marketing
  method    = "native"
  frequency = "realtime"
}
