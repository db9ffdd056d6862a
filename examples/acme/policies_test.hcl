# Tests of the custom policies in policies.hcl: run them with
# `stackaudit test examples/acme`. Each gives a small inventory of its own
# and the subjects the policy must report in it, exactly.

policy_test "agency-tool-without-acme-admin" {
  policy = "agency-tools-need-acme-admin"
  expect = [tool.ads]

  inventory {
    team "agency" {
      kind = "agency"
    }

    team "mops" {}

    # Owned by an agency, administered only by the agency: reported.
    tool "ads" {
      category = "search-social-ads"
      owner    = team.agency
      admins   = ["ops@agency.example"]
    }

    # Owned by an agency with an Acme admin: fine.
    tool "site" {
      category = "cms-web-experience"
      owner    = team.agency
      admins   = ["ops@agency.example", "web@acme.example"]
    }

    # Owned internally: the policy does not apply.
    tool "crm" {
      category = "crm"
      owner    = team.mops
    }
  }
}

policy_test "flow-through-retiring-tool" {
  policy = "no-flows-through-retiring-tools"
  expect = [flow.forms_to_crm]

  inventory {
    tool "forms" {
      category = "interactive-content"
    }
    tool "crm" {
      category = "crm"
    }
    tool "zapier" {
      category = "ipaas-integration"
      status   = "retiring"
    }
    tool "workato" {
      category = "ipaas-integration"
    }

    flow "forms_to_crm" {
      from = tool.forms
      to   = tool.crm
      via  = tool.zapier
    }

    flow "crm_to_forms" {
      from = tool.crm
      to   = tool.forms
      via  = tool.workato
    }

    # A direct flow has no via: the policy does not apply.
    flow "forms_to_crm_direct" {
      from = tool.forms
      to   = tool.crm
    }
  }
}

policy_test "sensitive-data-without-sso" {
  policy = "sensitive-data-needs-sso"
  expect = [tool.clinic]

  inventory {
    data_class "health" {
      sensitivity = "sensitive"
    }

    data_class "email" {
      sensitivity = "personal"
    }

    tool "clinic" {
      category = "customer-experience"
      stores   = [data_class.health]
      sso      = false
    }

    tool "portal" {
      category = "cms-web-experience"
      stores   = [data_class.health]
      sso      = true
    }

    tool "newsletter" {
      category = "email-marketing"
      stores   = [data_class.email]
    }
  }
}

policy_test "sso-everywhere-passes" {
  policy = "sensitive-data-needs-sso"
  expect = []

  inventory {
    data_class "health" {
      sensitivity = "sensitive"
    }

    tool "portal" {
      category = "cms-web-experience"
      stores   = [data_class.health]
      sso      = true
    }
  }
}
