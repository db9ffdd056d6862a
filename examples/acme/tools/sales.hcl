# Commerce & Sales: sales engagement, conversation intelligence, scheduling,
# sales content, e-signature and partner programs.

# Not in the built-in taxonomy: declared here so Sales Navigator has a
# capability of its own instead of borrowing one it does not really provide.
capability "social-selling" {
  name     = "Social selling"
  category = "sales-automation"
}

tool "outreach" {
  name         = "Outreach"
  vendor       = "Outreach"
  product      = "outreach"
  category     = "sales-automation"
  capabilities = ["sales-engagement"]
  owner        = team.revops
  admins       = ["grace.liu@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.contact_pii]

  cost {
    amount = 140400
    period = "year"
    seats  = 90
  }

  # Notice deadline 2026-12-03: 13 days after the Q4 audit date.
  contract {
    start       = "2025-02-01"
    end         = "2027-02-01" # deliberate: renewal-notice-due (high)
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }

  # Salespeople sign in to Outreach through the sales org's Entra tenant.
  scan "entra_id" {
    tenant_id = "acme-sales.onmicrosoft.com"
    client_id = "5ad4bb14-1a2c-4a1b-8d2b-ca8ef2a2d8b8"
    token_env = "ENTRA_CLIENT_SECRET"
    app_id    = "0e5c3a71-6a2d-4c8e-9b1f-3d7a2c4e8f10"
  }
}

tool "gong" {
  name         = "Gong"
  vendor       = "Gong"
  product      = "gong"
  category     = "sales-automation"
  capabilities = ["conversation-intelligence"]
  owner        = team.revops
  admins       = ["grace.liu@acme.example", "tom.becker@acme.example"]
  objectives   = [objective.pipeline, objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["conversion", "retention"]
  sso          = true
  stores       = [data_class.contact_pii]

  cost {
    amount = 150000
    period = "year"
    seats  = 90
  }

  # Notice deadline 2027-01-30: 71 days after the Q4 audit date.
  contract {
    start       = "2025-05-01"
    end         = "2027-04-30" # deliberate: renewal-notice-due (medium)
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }

  # Gong has no scanner of its own: its per-day user activity (stats API), 90 days, with the generic one.
  scan "http" {
    url          = "https://api.gong.io/v2/stats/activity/day-by-day"
    token_env    = "GONG_BASIC_AUTH"
    method       = "POST"
    body         = { filter = { fromDate = "$as_of-90d", toDate = "$as_of" } }
    users        = ".usersDetailedActivities[] | {id: .userId, email: .userEmailAddress, last_active: ([.userDailyActivityStats[] | select([.[] | arrays | length] | add > 0) | .fromDate] | max)}"
    next         = ".records.cursor"
    cursor_param = "cursor"
  }
}

tool "chili_piper" {
  name         = "Chili Piper"
  vendor       = "Chili Piper"
  product      = "chili-piper"
  category     = "sales-automation"
  capabilities = ["meeting-scheduling"]
  owner        = team.revops
  admins       = ["grace.liu@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["conversion"]
  sso          = true

  cost {
    amount = 14400
    period = "year"
    seats  = 40
  }

  contract {
    start       = "2026-09-01"
    end         = "2027-08-31"
    auto_renew  = true
    notice_days = 30
    dpa         = false # no DPA, yet flow salesforce_to_chili_piper sends it contact PII
  }
}

tool "highspot" {
  name         = "Highspot"
  vendor       = "Highspot"
  product      = "highspot"
  category     = "sales-automation"
  capabilities = ["sales-content"]
  owner        = team.product_marketing
  admins       = ["nina.patel@acme.example"]
  objectives   = [objective.pipeline, objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.marketing_content]

  cost {
    amount = 90000
    period = "year"
    seats  = 150
  }

  contract {
    start       = "2025-08-01"
    end         = "2027-07-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

# Category and capabilities come from the catalog entry for `docusign`.
tool "docusign" {
  name       = "DocuSign eSignature Business Pro"
  product    = "docusign"
  owner      = team.revops
  admins     = ["raj.iyer@acme.example"]
  objectives = [objective.pipeline]
  status     = "active"
  scope      = ["global"]
  stages     = ["conversion"]
  sso        = true
  stores     = [data_class.contact_pii]

  cost {
    amount = 9600
    period = "year"
    seats  = 20
  }

  contract {
    start       = "2026-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

tool "partnerstack" {
  name         = "PartnerStack"
  vendor       = "PartnerStack"
  product      = "partnerstack"
  category     = "channel-partner-local"
  capabilities = ["partner-management", "referral-programs"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "advocacy"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.payment_data]

  cost {
    amount = 36000
    period = "year"
  }

  contract {
    start       = "2025-10-01"
    end         = "2027-09-30"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "linkedin_sales_navigator" {
  name         = "LinkedIn Sales Navigator Advanced"
  vendor       = "LinkedIn"
  product      = "linkedin-sales-navigator"
  category     = "sales-automation"
  capabilities = ["social-selling"]
  owner        = team.sales
  admins       = ["tom.becker@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true

  cost {
    amount = 128000
    period = "year"
    seats  = 80
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-12-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}
