# The martech capability taxonomy: the six top-level categories of the chiefmartec
# landscape, their subcategories, and the capability ids tools declare.
# Tool `category` values are category ids (a subcategory, or a top-level one);
# tool `capabilities` are capability ids.

category "advertising-promotion" {
  name = "Advertising & Promotion"
}

category "display-programmatic" {
  name   = "Display & Programmatic Advertising"
  parent = "advertising-promotion"
}

category "search-social-ads" {
  name   = "Search & Social Advertising"
  parent = "advertising-promotion"
}

category "native-content-ads" {
  name   = "Native/Content Advertising"
  parent = "advertising-promotion"
}

category "video-ads" {
  name   = "Video Advertising"
  parent = "advertising-promotion"
}

category "mobile-marketing" {
  name   = "Mobile Marketing"
  parent = "advertising-promotion"
}

category "public-relations" {
  name   = "Public Relations"
  parent = "advertising-promotion"
}

category "print" {
  name   = "Print"
  parent = "advertising-promotion"
}

category "content-experience" {
  name = "Content & Experience"
}

category "mobile-apps" {
  name   = "Mobile Apps"
  parent = "content-experience"
}

category "interactive-content" {
  name   = "Interactive Content"
  parent = "content-experience"
}

category "video-marketing" {
  name   = "Video Marketing"
  parent = "content-experience"
}

category "email-marketing" {
  name   = "Email Marketing"
  parent = "content-experience"
}

category "content-marketing" {
  name   = "Content Marketing"
  parent = "content-experience"
}

category "optimization-personalization-testing" {
  name   = "Optimization, Personalization & Testing"
  parent = "content-experience"
}

category "dam-mrm" {
  name   = "DAM & MRM"
  parent = "content-experience"
}

category "seo" {
  name   = "SEO"
  parent = "content-experience"
}

category "marketing-automation" {
  name   = "Marketing Automation & Campaign/Lead Management"
  parent = "content-experience"
}

category "cms-web-experience" {
  name   = "CMS & Web Experience Management"
  parent = "content-experience"
}

category "social-relationships" {
  name = "Social & Relationships"
}

category "call-analytics" {
  name   = "Call Analytics & Management"
  parent = "social-relationships"
}

category "abm" {
  name   = "Account-Based Marketing"
  parent = "social-relationships"
}

category "events-webinars" {
  name   = "Events, Meetings & Webinars"
  parent = "social-relationships"
}

category "social-media" {
  name   = "Social Media Marketing & Monitoring"
  parent = "social-relationships"
}

category "advocacy-loyalty-referrals" {
  name   = "Advocacy, Loyalty & Referrals"
  parent = "social-relationships"
}

category "influencers" {
  name   = "Influencers"
  parent = "social-relationships"
}

category "feedback-chat" {
  name   = "Feedback & Chat"
  parent = "social-relationships"
}

category "community-reviews" {
  name   = "Community & Reviews"
  parent = "social-relationships"
}

category "customer-experience" {
  name   = "Customer Experience, Service & Success"
  parent = "social-relationships"
}

category "crm" {
  name   = "CRM"
  parent = "social-relationships"
}

category "commerce-sales" {
  name = "Commerce & Sales"
}

category "retail-proximity-iot" {
  name   = "Retail, Proximity & IoT Marketing"
  parent = "commerce-sales"
}

category "channel-partner-local" {
  name   = "Channel, Partner & Local Marketing"
  parent = "commerce-sales"
}

category "sales-automation" {
  name   = "Sales Automation, Enablement & Intelligence"
  parent = "commerce-sales"
}

category "affiliate-marketing" {
  name   = "Affiliate Marketing & Management"
  parent = "commerce-sales"
}

category "ecommerce-marketing" {
  name   = "Ecommerce Marketing"
  parent = "commerce-sales"
}

category "ecommerce-platforms" {
  name   = "Ecommerce Platforms & Carts"
  parent = "commerce-sales"
}

category "data" {
  name = "Data"
}

category "audience-data" {
  name   = "Audience/Marketing Data & Data Enhancement"
  parent = "data"
}

category "marketing-analytics" {
  name   = "Marketing Analytics, Performance & Attribution"
  parent = "data"
}

category "web-mobile-analytics" {
  name   = "Mobile & Web Analytics"
  parent = "data"
}

category "dashboards-visualization" {
  name   = "Dashboards & Data Visualization"
  parent = "data"
}

category "business-intelligence" {
  name   = "Business/Customer Intelligence & Data Science"
  parent = "data"
}

category "ipaas-integration" {
  name   = "iPaaS, Cloud/Data Integration & Tag Management"
  parent = "data"
}

category "dmp" {
  name   = "DMP"
  parent = "data"
}

category "governance-privacy" {
  name   = "Governance, Compliance & Privacy"
  parent = "data"
}

category "cdp" {
  name   = "Customer Data Platform"
  parent = "data"
}

category "management" {
  name = "Management"
}

category "talent-management" {
  name   = "Talent Management"
  parent = "management"
}

category "product-management" {
  name   = "Product Management"
  parent = "management"
}

category "budgeting-finance" {
  name   = "Budgeting & Finance"
  parent = "management"
}

category "collaboration" {
  name   = "Collaboration"
  parent = "management"
}

category "projects-workflow" {
  name   = "Projects & Workflow"
  parent = "management"
}

category "agile-lean" {
  name   = "Agile & Lean Management"
  parent = "management"
}

category "vendor-analysis" {
  name   = "Vendor Analysis"
  parent = "management"
}

capability "programmatic-buying" {
  name     = "Programmatic media buying"
  category = "display-programmatic"
}

capability "retargeting" {
  name     = "Retargeting"
  category = "display-programmatic"
}

capability "search-ads" {
  name     = "Search advertising"
  category = "search-social-ads"
}

capability "paid-social" {
  name     = "Paid social advertising"
  category = "search-social-ads"
}

capability "native-ads" {
  name     = "Native advertising"
  category = "native-content-ads"
}

capability "video-ads" {
  name     = "Video advertising"
  category = "video-ads"
}

capability "push-notifications" {
  name     = "Push notifications"
  category = "mobile-marketing"
}

capability "sms-marketing" {
  name     = "SMS marketing"
  category = "mobile-marketing"
}

capability "in-app-messaging" {
  name     = "In-app messaging"
  category = "mobile-marketing"
}

capability "press-distribution" {
  name     = "Press release distribution"
  category = "public-relations"
}

capability "media-monitoring" {
  name     = "Media monitoring"
  category = "public-relations"
}

capability "direct-mail" {
  name     = "Direct mail"
  category = "print"
}

capability "email-marketing" {
  name     = "Email marketing"
  category = "email-marketing"
}

capability "transactional-email" {
  name     = "Transactional email"
  category = "email-marketing"
}

capability "landing-pages" {
  name     = "Landing pages"
  category = "marketing-automation"
}

capability "forms" {
  name     = "Forms"
  category = "interactive-content"
}

capability "interactive-content" {
  name     = "Quizzes, calculators and interactive content"
  category = "interactive-content"
}

capability "web-cms" {
  name     = "Web content management"
  category = "cms-web-experience"
}

capability "headless-cms" {
  name     = "Headless CMS"
  category = "cms-web-experience"
}

capability "website-builder" {
  name     = "Website builder"
  category = "cms-web-experience"
}

capability "ab-testing" {
  name     = "A/B and multivariate testing"
  category = "optimization-personalization-testing"
}

capability "personalization" {
  name     = "Web personalization"
  category = "optimization-personalization-testing"
}

capability "feature-flags" {
  name     = "Feature flags"
  category = "optimization-personalization-testing"
}

capability "dam" {
  name     = "Digital asset management"
  category = "dam-mrm"
}

capability "creative-design" {
  name     = "Creative design"
  category = "dam-mrm"
}

capability "marketing-resource-management" {
  name     = "Marketing resource management"
  category = "dam-mrm"
}

capability "video-hosting" {
  name     = "Video hosting"
  category = "video-marketing"
}

capability "seo-research" {
  name     = "SEO research and rank tracking"
  category = "seo"
}

capability "content-planning" {
  name     = "Content planning"
  category = "content-marketing"
}

capability "journey-orchestration" {
  name     = "Journey orchestration"
  category = "marketing-automation"
}

capability "lead-scoring" {
  name     = "Lead scoring"
  category = "marketing-automation"
}

capability "lead-nurturing" {
  name     = "Lead nurturing"
  category = "marketing-automation"
}

capability "social-publishing" {
  name     = "Social publishing"
  category = "social-media"
}

capability "social-listening" {
  name     = "Social listening"
  category = "social-media"
}

capability "account-intelligence" {
  name     = "Account intelligence"
  category = "abm"
}

capability "intent-data" {
  name     = "Intent data"
  category = "abm"
}

capability "ad-targeting-abm" {
  name     = "Account-based advertising"
  category = "abm"
}

capability "webinars" {
  name     = "Webinars"
  category = "events-webinars"
}

capability "event-management" {
  name     = "Event management"
  category = "events-webinars"
}

capability "live-chat" {
  name     = "Live chat"
  category = "feedback-chat"
}

capability "chatbots" {
  name     = "Chatbots"
  category = "feedback-chat"
}

capability "surveys" {
  name     = "Surveys and feedback"
  category = "feedback-chat"
}

capability "reviews-management" {
  name     = "Reviews management"
  category = "community-reviews"
}

capability "community" {
  name     = "Online community"
  category = "community-reviews"
}

capability "help-desk" {
  name     = "Help desk"
  category = "customer-experience"
}

capability "customer-success" {
  name     = "Customer success"
  category = "customer-experience"
}

capability "crm" {
  name     = "Customer relationship management"
  category = "crm"
}

capability "influencer-management" {
  name     = "Influencer management"
  category = "influencers"
}

capability "referral-programs" {
  name     = "Referral programs"
  category = "advocacy-loyalty-referrals"
}

capability "loyalty-programs" {
  name     = "Loyalty programs"
  category = "advocacy-loyalty-referrals"
}

capability "employee-advocacy" {
  name     = "Employee advocacy"
  category = "advocacy-loyalty-referrals"
}

capability "call-tracking" {
  name     = "Call tracking"
  category = "call-analytics"
}

capability "sales-engagement" {
  name     = "Sales engagement"
  category = "sales-automation"
}

capability "conversation-intelligence" {
  name     = "Conversation intelligence"
  category = "sales-automation"
}

capability "meeting-scheduling" {
  name     = "Meeting scheduling"
  category = "sales-automation"
}

capability "sales-content" {
  name     = "Sales content management"
  category = "sales-automation"
}

capability "e-signature" {
  name     = "Electronic signature"
  category = "sales-automation"
}

capability "sales-forecasting" {
  name     = "Pipeline and revenue forecasting"
  category = "sales-automation"
}

capability "partner-management" {
  name     = "Partner relationship management"
  category = "channel-partner-local"
}

capability "local-listings" {
  name     = "Local listings"
  category = "channel-partner-local"
}

capability "affiliate-management" {
  name     = "Affiliate management"
  category = "affiliate-marketing"
}

capability "ecommerce-storefront" {
  name     = "Ecommerce storefront"
  category = "ecommerce-platforms"
}

capability "product-recommendations" {
  name     = "Product recommendations"
  category = "ecommerce-marketing"
}

capability "contact-enrichment" {
  name     = "Contact and company enrichment"
  category = "audience-data"
}

capability "b2b-contact-data" {
  name     = "B2B contact database"
  category = "audience-data"
}

capability "attribution" {
  name     = "Marketing attribution"
  category = "marketing-analytics"
}

capability "web-analytics" {
  name     = "Web analytics"
  category = "web-mobile-analytics"
}

capability "product-analytics" {
  name     = "Product analytics"
  category = "web-mobile-analytics"
}

capability "session-replay" {
  name     = "Session replay"
  category = "web-mobile-analytics"
}

capability "heatmaps" {
  name     = "Heatmaps"
  category = "web-mobile-analytics"
}

capability "mobile-attribution" {
  name     = "Mobile measurement and attribution"
  category = "web-mobile-analytics"
}

capability "dashboards" {
  name     = "Dashboards and BI reporting"
  category = "dashboards-visualization"
}

capability "data-warehouse" {
  name     = "Cloud data warehouse"
  category = "business-intelligence"
}

capability "etl" {
  name     = "ETL and data pipelines"
  category = "ipaas-integration"
}

capability "reverse-etl" {
  name     = "Reverse ETL"
  category = "ipaas-integration"
}

capability "workflow-automation" {
  name     = "Workflow automation (iPaaS)"
  category = "ipaas-integration"
}

capability "tag-management" {
  name     = "Tag management"
  category = "ipaas-integration"
}

capability "consent-management" {
  name     = "Consent management"
  category = "governance-privacy"
}

capability "privacy-requests" {
  name     = "Privacy requests and data mapping"
  category = "governance-privacy"
}

capability "customer-data-platform" {
  name     = "Event collection and customer data platform"
  category = "cdp"
}

capability "identity-resolution" {
  name     = "Identity resolution"
  category = "cdp"
}

capability "audience-segmentation" {
  name     = "Audience segmentation"
  category = "cdp"
}

capability "dmp-audiences" {
  name     = "Third-party audience management"
  category = "dmp"
}

capability "project-management" {
  name     = "Project management"
  category = "projects-workflow"
}

capability "team-chat" {
  name     = "Team chat"
  category = "collaboration"
}

capability "video-conferencing" {
  name     = "Video conferencing"
  category = "collaboration"
}

capability "document-collaboration" {
  name     = "Document collaboration"
  category = "collaboration"
}

capability "whiteboarding" {
  name     = "Whiteboarding"
  category = "collaboration"
}

capability "identity-sso" {
  name     = "Identity and single sign-on"
  category = "collaboration"
}

capability "budget-planning" {
  name     = "Marketing budget planning"
  category = "budgeting-finance"
}

capability "product-roadmapping" {
  name     = "Product roadmapping"
  category = "product-management"
}

capability "vendor-management" {
  name     = "Vendor and SaaS management"
  category = "vendor-analysis"
}

capability "recruiting" {
  name     = "Recruiting"
  category = "talent-management"
}

capability "agile-boards" {
  name     = "Agile boards"
  category = "agile-lean"
}

capability "source-control" {
  name     = "Source code hosting and version control"
  category = "agile-lean"
}
