# Names an attacker might put in an inventory or a vendor might return: the
# dashboard must show them as text.

team "growth" {
  name = "<script>alert(1)</script>"
  lead = "\"><img src=x onerror=alert(1)>"
}

objective "pipeline" {
  name  = "</title><script>alert(2)</script>"
  owner = team.growth
  kpis  = ["<b onmouseover=alert(3)>KPI</b>"]
}

data_class "contacts" {
  name        = "<svg onload=alert(4)>"
  sensitivity = "personal"
  steward     = team.growth
}

tool "evil" {
  name         = "<script>alert(1)</script>"
  vendor       = "\"><img src=x onerror=alert(1)>"
  category     = "email-marketing"
  capabilities = ["email-marketing"]
  owner        = team.growth
  objectives   = [objective.pipeline]
  status       = "active"
  stages       = ["awareness"]

  cost {
    amount = 1200
    period = "year"
  }
}

tool "worse" {
  name         = "\"><img src=x onerror=alert(1)>"
  vendor       = "javascript:alert(5)"
  category     = "email-marketing"
  capabilities = ["email-marketing"]
  owner        = team.growth
  status       = "active"
  stages       = ["conversion"]

  cost {
    amount = 2400
    period = "year"
  }
}

flow "evil_to_worse" {
  from = tool.evil
  to   = tool.worse
  data = [data_class.contacts]
}
