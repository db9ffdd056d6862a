# Products whose category belongs to "Management" (management), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Talent Management

product "greenhouse" {
  name         = "Greenhouse"
  vendor       = "Greenhouse"
  category     = "talent-management"
  capabilities = ["recruiting"]
  domains      = ["greenhouse.io"]
  app_names    = ["Greenhouse", "Greenhouse Recruiting"]
  script_hosts = ["boards.greenhouse.io"]
}

product "lever" {
  name         = "Lever"
  vendor       = "Lever"
  category     = "talent-management"
  capabilities = ["recruiting"]
  domains      = ["lever.co"]
  app_names    = ["Lever"]
}

# Product Management

product "productboard" {
  name         = "Productboard"
  vendor       = "Productboard"
  category     = "product-management"
  capabilities = ["product-roadmapping"]
  domains      = ["productboard.com"]
  app_names    = ["Productboard"]
}

product "aha" {
  name         = "Aha! Roadmaps"
  vendor       = "Aha!"
  category     = "product-management"
  capabilities = ["product-roadmapping"]
  domains      = ["aha.io"]
  app_names    = ["Aha!", "Aha! Roadmaps"]
}

# Budgeting & Finance

product "allocadia" {
  name         = "Allocadia"
  vendor       = "Uptempo"
  category     = "budgeting-finance"
  capabilities = ["budget-planning"]
  domains      = ["allocadia.com"]
  app_names    = ["Allocadia", "Uptempo"]
}

product "planful" {
  name         = "Planful for Marketing"
  vendor       = "Planful"
  category     = "budgeting-finance"
  capabilities = ["budget-planning"]
  domains      = ["planful.com"]
  app_names    = ["Planful", "Planful for Marketing", "Plannuh"]
}

# Collaboration

product "slack" {
  name         = "Slack"
  vendor       = "Slack"
  category     = "collaboration"
  capabilities = ["team-chat"]
  domains      = ["slack.com", "slack-edge.com"]
  app_names    = ["Slack"]
  packages     = ["@slack/web-api", "@slack/bolt", "slack_sdk", "slack-sdk", "slack_bolt", "slack-bolt"]
  scanner      = "slack"
}

product "microsoft-teams" {
  name         = "Microsoft Teams"
  vendor       = "Microsoft"
  category     = "collaboration"
  capabilities = ["team-chat", "video-conferencing"]
  domains      = ["teams.microsoft.com"]
  app_names    = ["Microsoft Teams"]
}

product "zoom" {
  name         = "Zoom Workplace"
  vendor       = "Zoom"
  category     = "collaboration"
  capabilities = ["video-conferencing", "team-chat"]
  domains      = ["zoom.us", "zoom.com"]
  app_names    = ["Zoom", "Zoom Workplace", "Zoom Meetings"]
  merchants    = ["ZOOM.US", "ZOOM VIDEO COMMUNICATIONS"]
  packages     = ["@zoom/meetingsdk"]
}

product "google-workspace" {
  name         = "Google Workspace"
  vendor       = "Google"
  category     = "collaboration"
  capabilities = ["document-collaboration", "video-conferencing", "team-chat"]
  domains      = ["workspace.google.com", "admin.google.com", "mail.google.com", "docs.google.com", "drive.google.com", "meet.google.com", "calendar.google.com"]
  app_names    = ["Google Workspace", "G Suite"]
  scanner      = "google_workspace"
}

product "okta" {
  name         = "Okta Workforce Identity"
  vendor       = "Okta"
  category     = "collaboration"
  capabilities = ["identity-sso"]
  domains      = ["okta.com", "oktapreview.com", "okta-emea.com"]
  app_names    = ["Okta", "Okta Workforce Identity"]
  packages     = ["@okta/okta-auth-js", "@okta/okta-react", "@okta/okta-sdk-nodejs", "okta"]
  scanner      = "okta"
}

product "microsoft-entra-id" {
  name         = "Microsoft Entra ID"
  vendor       = "Microsoft"
  category     = "collaboration"
  capabilities = ["identity-sso"]
  domains      = ["entra.microsoft.com", "login.microsoftonline.com"]
  app_names    = ["Microsoft Entra ID", "Entra ID", "Azure Active Directory", "Azure AD"]
  scanner      = "entra_id"
}

product "notion" {
  name         = "Notion"
  vendor       = "Notion Labs"
  category     = "collaboration"
  capabilities = ["document-collaboration", "project-management"]
  domains      = ["notion.so", "notion.com"]
  app_names    = ["Notion"]
  merchants    = ["NOTION LABS INC", "NOTION.SO"]
  packages     = ["@notionhq/client", "notion-client"]
}

product "confluence" {
  name         = "Confluence"
  vendor       = "Atlassian"
  category     = "collaboration"
  capabilities = ["document-collaboration"]
  domains      = ["atlassian.net", "atlassian.net/wiki"]
  app_names    = ["Confluence", "Confluence Cloud"]
}

product "miro" {
  name         = "Miro"
  vendor       = "Miro"
  category     = "collaboration"
  capabilities = ["whiteboarding"]
  domains      = ["miro.com"]
  app_names    = ["Miro"]
  merchants    = ["MIRO.COM", "REALTIMEBOARD"]

  # Miro's help centre gives the Starter price after its 2022 plan change; the stored copy carries
  # no date of its own, so read is the day it was read here.
  list_price {
    amount   = 8
    currency = "USD"
    period   = "month"
    per      = "seat"
    plan     = "Starter, per member, billed annually"
    source   = "https://help.miro.com/hc/en-us/articles/360017730393-Personal-Premium-Plan-transition"
    read     = "2026-12-06"
  }
}

product "lucid" {
  name         = "Lucid (Lucidchart, Lucidspark)"
  vendor       = "Lucid Software"
  category     = "collaboration"
  capabilities = ["whiteboarding", "document-collaboration"]
  domains      = ["lucid.app", "lucid.co", "lucidchart.com", "lucidspark.com"]
  app_names    = ["Lucid", "Lucidchart", "Lucidspark"]
}

product "figma" {
  name         = "Figma"
  vendor       = "Figma"
  category     = "collaboration"
  capabilities = ["creative-design", "whiteboarding"]
  domains      = ["figma.com"]
  app_names    = ["Figma"]
  merchants    = ["FIGMA INC", "FIGMA.COM"]

  # Figma's pricing FAQ; the stored copy carries no date of its own, so read is the day it was
  # read here. Figma has since moved to per-seat-type pricing: check the quote.
  list_price {
    amount   = 12
    currency = "USD"
    period   = "month"
    per      = "seat"
    plan     = "Professional, per editor, billed annually; USD 15 billed monthly"
    source   = "https://www.figma.com/pricing-faq/"
    read     = "2026-12-06"
  }
}

product "loom" {
  name         = "Loom"
  vendor       = "Atlassian"
  category     = "collaboration"
  capabilities = ["video-hosting"]
  domains      = ["loom.com"]
  app_names    = ["Loom"]
  merchants    = ["LOOM INC", "LOOM.COM"]
  packages     = ["@loomhq/record-sdk", "@loomhq/loom-embed"]

  # The vendor's billing FAQ states the Business price per Creator (viewers are free); the stored
  # copy carries no date of its own, so read is the day it was read here.
  list_price {
    amount   = 15
    currency = "USD"
    period   = "month"
    per      = "seat"
    plan     = "Business, per Creator, billed monthly; annual billing saves 20%"
    source   = "https://support.loom.com/hc/en-us/articles/360007492417-Loom-for-Teams-Billing-FAQ"
    read     = "2026-12-06"
  }
}

# Projects & Workflow

product "asana" {
  name         = "Asana"
  vendor       = "Asana"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  domains      = ["asana.com"]
  app_names    = ["Asana"]
  packages     = ["asana"]
}

product "monday" {
  name         = "monday.com Work Management"
  vendor       = "monday.com"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  domains      = ["monday.com"]
  app_names    = ["monday.com", "Monday", "monday.com Work Management"]
  packages     = ["monday-sdk-js", "@mondaydotcomorg/api"]
}

product "smartsheet" {
  name         = "Smartsheet"
  vendor       = "Smartsheet"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  domains      = ["smartsheet.com"]
  app_names    = ["Smartsheet"]
  packages     = ["smartsheet", "smartsheet-python-sdk"]
}

product "airtable" {
  name         = "Airtable"
  vendor       = "Airtable"
  category     = "projects-workflow"
  capabilities = ["project-management", "document-collaboration"]
  domains      = ["airtable.com"]
  app_names    = ["Airtable"]
  packages     = ["airtable", "pyairtable"]
}

product "wrike" {
  name         = "Wrike"
  vendor       = "Wrike"
  category     = "projects-workflow"
  capabilities = ["project-management"]
  domains      = ["wrike.com"]
  app_names    = ["Wrike"]
}

product "adobe-workfront" {
  name         = "Adobe Workfront"
  vendor       = "Adobe"
  category     = "projects-workflow"
  capabilities = ["project-management", "marketing-resource-management"]
  domains      = ["workfront.com"]
  app_names    = ["Adobe Workfront", "Workfront"]
}

product "trello" {
  name         = "Trello"
  vendor       = "Atlassian"
  category     = "projects-workflow"
  capabilities = ["project-management", "agile-boards"]
  domains      = ["trello.com"]
  app_names    = ["Trello"]
}

product "clickup" {
  name         = "ClickUp"
  vendor       = "ClickUp"
  category     = "projects-workflow"
  capabilities = ["project-management", "document-collaboration"]
  domains      = ["clickup.com"]
  app_names    = ["ClickUp"]
}

# Agile & Lean Management

product "jira" {
  name         = "Jira"
  vendor       = "Atlassian"
  category     = "agile-lean"
  capabilities = ["agile-boards", "project-management"]
  domains      = ["atlassian.net"]
  app_names    = ["Jira", "Jira Software", "Jira Cloud"]
  packages     = ["jira", "jira-client", "jira.js"]
}

product "github" {
  name         = "GitHub"
  vendor       = "GitHub"
  category     = "agile-lean"
  capabilities = ["source-control", "agile-boards"]
  domains      = ["github.com"]
  app_names    = ["GitHub", "GitHub Enterprise", "GitHub Enterprise Cloud"]
  packages     = ["@octokit/rest", "octokit", "PyGithub"]
  scanner      = "github"
}

# Vendor Analysis

product "vendr" {
  name         = "Vendr"
  vendor       = "Vendr"
  category     = "vendor-analysis"
  capabilities = ["vendor-management"]
  domains      = ["vendr.com"]
  app_names    = ["Vendr"]
}

product "zylo" {
  name         = "Zylo"
  vendor       = "Zylo"
  category     = "vendor-analysis"
  capabilities = ["vendor-management"]
  domains      = ["zylo.com"]
  app_names    = ["Zylo"]
}

product "productiv" {
  name         = "Productiv"
  vendor       = "Productiv"
  category     = "vendor-analysis"
  capabilities = ["vendor-management"]
  domains      = ["productiv.com"]
  app_names    = ["Productiv"]
}
