# Management: collaboration, projects, budgeting, SaaS management and the
# marketing website's source code.

# The company-wide workspace; IT delegated its administration and budget to
# Marketing Operations when the GTM teams moved onto Slack Connect.
tool "slack" {
  name         = "Slack Business+"
  vendor       = "Salesforce"
  product      = "slack"
  category     = "collaboration"
  capabilities = ["team-chat"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "it-admins@acme.example"]
  objectives   = [objective.martech_efficiency]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 9300
    period = "month"
    seats  = 620
  }

  contract {
    start       = "2025-09-01"
    end         = "2027-08-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }

  scan "slack" {
    token_env = "SLACK_TOKEN"
  }
}

tool "asana" {
  name         = "Asana Business"
  vendor       = "Asana"
  product      = "asana"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example"]
  objectives   = [objective.martech_efficiency]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 9000
    period = "quarter"
    seats  = 120
  }

  contract {
    start       = "2026-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

# Replaced by Asana in June 2025.
tool "monday" {
  name         = "monday.com Work Management"
  vendor       = "monday.com"
  product      = "monday"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example"]
  status       = "retired"
  scope        = ["global"]
  sso          = false

  contract {
    start = "2023-06-01"
    end   = "2025-05-31"
    dpa   = true
  }
}

# Used for workshops across marketing; nobody tied it to an objective.
tool "miro" { # deliberate: unaligned-spend
  name         = "Miro Business"
  vendor       = "Miro"
  product      = "miro"
  category     = "collaboration"
  capabilities = ["whiteboarding"]
  owner        = team.product_marketing
  admins       = ["nina.patel@acme.example"]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 640
    period = "month"
    seats  = 40
  }

  contract {
    start       = "2026-04-01"
    end         = "2027-03-31"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

# Category and capabilities come from the catalog entry for `allocadia`.
tool "allocadia" {
  name       = "Allocadia"
  product    = "allocadia"
  owner      = team.mops
  admins     = ["dana.kim@acme.example", "maria.chen@acme.example"]
  objectives = [objective.martech_efficiency]
  status     = "active"
  scope      = ["global"]
  sso        = true

  cost {
    amount = 40000
    period = "year"
  }

  contract {
    start       = "2025-11-01"
    end         = "2027-10-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

# Category and capabilities come from the catalog entry for `vendr`.
tool "vendr" {
  name       = "Vendr"
  product    = "vendr"
  owner      = team.mops
  admins     = ["dana.kim@acme.example"]
  objectives = [objective.martech_efficiency]
  status     = "active"
  scope      = ["global"]
  sso        = true

  cost {
    amount = 30000
    period = "year"
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-12-31"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

# The marketing website and its tag configuration live in GitHub.
tool "github" {
  name         = "GitHub Enterprise Cloud"
  vendor       = "GitHub"
  product      = "github"
  category     = "agile-lean"
  capabilities = ["source-control"]
  owner        = team.content
  admins       = ["leo.martins@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 525
    period = "month"
    seats  = 25
  }

  contract {
    start       = "2026-08-01"
    end         = "2027-07-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }

  scan "github" {
    org       = "acme-analytics"
    token_env = "GITHUB_TOKEN"
  }
}
