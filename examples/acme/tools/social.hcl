# Social & Relationships: CRM, account-based marketing, events and webinars,
# social media, chat, reviews, surveys and call tracking. (The taxonomy files
# CRM under this branch, so Salesforce lives here, not in sales.hcl.)

tool "salesforce" {
  name         = "Salesforce Sales Cloud Enterprise"
  vendor       = "Salesforce"
  product      = "salesforce-sales-cloud"
  category     = "crm"
  capabilities = ["crm"]
  owner        = team.revops
  admins       = ["grace.liu@acme.example", "raj.iyer@acme.example"]
  objectives   = [objective.pipeline, objective.expansion, objective.data_trust]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion", "retention"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.lead_score]

  cost {
    amount = 435600
    period = "year"
    seats  = 220
  }

  contract {
    start       = "2025-02-01"
    end         = "2028-01-31"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }

  scan "salesforce" {
    host      = "acme.my.salesforce.com"
    auth      = "jwt_bearer" # SALESFORCE_PRIVATE_KEY holds the connected app's PEM key
    client_id = "3MVG9acme.stackaudit_connected_app"
    username  = "stackaudit@acme.example"
    token_env = "SALESFORCE_PRIVATE_KEY"
  }
}

tool "sprout_social" {
  name         = "Sprout Social Advanced"
  vendor       = "Sprout Social"
  product      = "sprout-social"
  category     = "social-media"
  capabilities = ["social-publishing", "social-listening"] # deliberate: redundant-capability
  owner        = team.content
  admins       = ["claire.moss@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "advocacy"]
  sso          = true

  cost {
    amount = 38304
    period = "year"
    seats  = 8
  }

  contract {
    start       = "2025-10-01"
    end         = "2027-09-30"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }

  # Seats measured from the Okta app assignment.
  scan "okta" {
    host      = "acme.okta.com"
    auth      = "private_key_jwt"
    client_id = "0oa1stackaudit"
    token_env = "OKTA_PRIVATE_KEY"
    app_id    = "0oa1sproutsocial"
  }
}

# Bought by the London office before Sprout Social was rolled out; the
# regional social managers still schedule posts in it everywhere.
tool "hootsuite" {
  name         = "Hootsuite Enterprise"
  vendor       = "Hootsuite"
  product      = "hootsuite"
  category     = "social-media"
  capabilities = ["social-publishing"] # deliberate: redundant-capability
  owner        = team.brand
  admins       = ["mia.torres@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness"]
  sso          = true

  cost {
    amount   = 11500
    currency = "GBP"
    period   = "year"
    seats    = 6
  }

  contract {
    start       = "2025-11-01"
    end         = "2027-10-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "sixsense" {
  name         = "6sense Revenue AI"
  vendor       = "6sense"
  product      = "6sense"
  category     = "abm"
  capabilities = ["account-intelligence", "intent-data", "ad-targeting-abm"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example", "grace.liu@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.lead_score, data_class.web_behavior]

  cost {
    amount = 120000
    period = "year"
  }

  contract {
    start       = "2026-01-15"
    end         = "2028-01-14"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

tool "zoom_webinars" {
  name         = "Zoom Webinars"
  vendor       = "Zoom"
  product      = "zoom-webinars"
  category     = "events-webinars"
  capabilities = ["webinars"]
  owner        = team.field_events
  admins       = ["sofia.rossi@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration"]
  sso          = true
  stores       = [data_class.contact_pii]

  # Three 1,000-attendee webinar licences.
  cost {
    amount = 10200
    period = "year"
    seats  = 3
  }

  contract {
    start       = "2026-06-15"
    end         = "2027-06-14"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

# The agency bought its own licence for EMEA webinars and re-bills it monthly.
tool "zoom_webinars_emea" {
  name         = "Zoom Webinars (Northwind)"
  vendor       = "Zoom"
  product      = "zoom-webinars" # deliberate: duplicate-product
  category     = "events-webinars"
  capabilities = ["webinars"]
  owner        = team.northwind
  admins       = ["events@northwind.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["emea"]
  stages       = ["consideration"]
  sso          = false

  cost {
    amount   = 2690
    currency = "GBP"
    period   = "year"
    seats    = 1
  }

  contract {
    start       = "2026-05-01"
    end         = "2027-04-30"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

tool "cvent" {
  name         = "Cvent Event Management"
  vendor       = "Cvent"
  product      = "cvent"
  category     = "events-webinars"
  capabilities = ["event-management"]
  owner        = team.field_events
  admins       = ["sofia.rossi@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.contact_pii]

  cost {
    amount = 45000
    period = "year"
  }

  # Legal never countersigned Cvent's DPA.
  contract {
    start       = "2025-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 60
    dpa         = false # deliberate: personal-data-without-dpa
  }
}

tool "qualified" {
  name         = "Qualified Piper"
  vendor       = "Qualified"
  product      = "qualified"
  category     = "feedback-chat"
  capabilities = ["live-chat", "chatbots"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.web_behavior]

  cost {
    amount = 42000
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

# Replaced by Qualified in October 2025; transcripts were deleted at exit.
tool "drift" {
  name         = "Drift"
  vendor       = "Salesloft"
  product      = "drift"
  category     = "feedback-chat"
  capabilities = ["live-chat", "chatbots"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  status       = "retired"
  scope        = ["global"]
  stages       = ["conversion"]
  sso          = true

  contract {
    start = "2023-10-01"
    end   = "2025-09-30"
    dpa   = true
  }
}

tool "g2" {
  name         = "G2 Marketing Solutions"
  vendor       = "G2"
  product      = "g2"
  category     = "community-reviews"
  capabilities = ["reviews-management"]
  owner        = team.product_marketing
  admins       = ["nina.patel@acme.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "advocacy"]
  sso          = false

  cost {
    amount = 24000
    period = "year"
  }

  contract {
    start       = "2026-07-01"
    end         = "2027-06-30"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "surveymonkey" {
  name         = "SurveyMonkey Team Advantage"
  vendor       = "SurveyMonkey"
  product      = "surveymonkey"
  category     = "feedback-chat"
  capabilities = ["surveys"]
  owner        = team.product_marketing
  admins       = ["nina.patel@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["retention", "advocacy"]
  sso          = false # deliberate: no-sso
  stores       = [data_class.contact_pii]

  cost {
    amount = 4500
    period = "year"
    seats  = 15
  }

  contract {
    start       = "2026-08-15"
    end         = "2027-08-14"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

tool "callrail" {
  name         = "CallRail"
  vendor       = "CallRail"
  product      = "callrail"
  category     = "call-analytics"
  capabilities = ["call-tracking"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["na"]
  stages       = ["conversion"]
  sso          = false
  stores       = [data_class.contact_pii]

  cost {
    amount = 225
    period = "month"
  }

  contract {
    start       = "2026-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

# The field-events crew checks attendees in through a custom app in the
# Salesforce org, on Salesforce Platform licences (not CRM seats). This block
# reads the org through the connected app's client credentials flow (its Run
# As user has View Setup); SALESFORCE_CLIENT_SECRET holds the consumer secret.
tool "salesforce_platform" {
  name         = "Salesforce Platform (event check-in app)"
  vendor       = "Salesforce"
  category     = "events-webinars"
  capabilities = []
  owner        = team.revops
  admins       = ["grace.liu@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration"]
  sso          = true

  cost {
    amount = 6000
    period = "year"
    seats  = 20
  }

  scan "salesforce" {
    host      = "acme.my.salesforce.com"
    auth      = "client_credentials"
    client_id = "3MVG9acme.stackaudit_connected_app"
    licenses  = ["Salesforce Platform"]
    token_env = "SALESFORCE_CLIENT_SECRET"
  }
}
