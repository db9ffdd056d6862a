# Products whose category belongs to "Commerce & Sales" (commerce-sales), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Channel, Partner & Local Marketing

product "partnerstack" {
  name         = "PartnerStack"
  vendor       = "PartnerStack"
  category     = "channel-partner-local"
  capabilities = ["partner-management", "affiliate-management", "referral-programs"]
  domains      = ["partnerstack.com"]
  app_names    = ["PartnerStack"]
  script_hosts = ["snippet.growsumo.com"]
}

product "crossbeam" {
  name         = "Crossbeam"
  vendor       = "Crossbeam"
  category     = "channel-partner-local"
  capabilities = ["partner-management", "account-intelligence"]
  domains      = ["crossbeam.com"]
  app_names    = ["Crossbeam"]
}

product "yext" {
  name         = "Yext"
  vendor       = "Yext"
  category     = "channel-partner-local"
  capabilities = ["local-listings", "reviews-management"]
  domains      = ["yext.com"]
  app_names    = ["Yext"]
}

# Sales Automation, Enablement & Intelligence

product "apollo" {
  name         = "Apollo.io"
  vendor       = "Apollo.io"
  category     = "sales-automation"
  capabilities = ["b2b-contact-data", "contact-enrichment", "sales-engagement"]
  domains      = ["apollo.io"]
  app_names    = ["Apollo", "Apollo.io"]
}

product "outreach" {
  name         = "Outreach"
  vendor       = "Outreach"
  category     = "sales-automation"
  capabilities = ["sales-engagement", "conversation-intelligence", "sales-forecasting"]
  domains      = ["outreach.io"]
  app_names    = ["Outreach"]
}

product "salesloft" {
  name         = "Salesloft"
  vendor       = "Salesloft"
  category     = "sales-automation"
  capabilities = ["sales-engagement", "conversation-intelligence", "sales-forecasting"]
  domains      = ["salesloft.com"]
  app_names    = ["Salesloft"]
}

product "gong" {
  name         = "Gong"
  vendor       = "Gong"
  category     = "sales-automation"
  capabilities = ["conversation-intelligence", "sales-forecasting", "sales-engagement"]
  domains      = ["gong.io"]
  app_names    = ["Gong"]
}

product "clari" {
  name         = "Clari"
  vendor       = "Clari"
  category     = "sales-automation"
  capabilities = ["sales-forecasting", "conversation-intelligence"]
  domains      = ["clari.com"]
  app_names    = ["Clari"]
}

product "linkedin-sales-navigator" {
  name         = "LinkedIn Sales Navigator"
  vendor       = "LinkedIn"
  category     = "sales-automation"
  capabilities = ["b2b-contact-data", "account-intelligence"]
  domains      = ["www.linkedin.com/sales"]
  app_names    = ["LinkedIn Sales Navigator", "Sales Navigator"]
}

product "calendly" {
  name         = "Calendly"
  vendor       = "Calendly"
  category     = "sales-automation"
  capabilities = ["meeting-scheduling"]
  domains      = ["calendly.com"]
  app_names    = ["Calendly"]
  merchants    = ["CALENDLY LLC", "CALENDLY.COM"]
  packages     = ["react-calendly"]
  script_hosts = ["assets.calendly.com"]
}

product "chili-piper" {
  name         = "Chili Piper"
  vendor       = "Chili Piper"
  category     = "sales-automation"
  capabilities = ["meeting-scheduling"]
  domains      = ["chilipiper.com"]
  app_names    = ["Chili Piper"]
  script_hosts = ["js.chilipiper.com"]
}

product "docusign" {
  name         = "Docusign eSignature"
  vendor       = "Docusign"
  category     = "sales-automation"
  capabilities = ["e-signature"]
  domains      = ["docusign.com", "docusign.net"]
  app_names    = ["DocuSign", "Docusign eSignature"]
  packages     = ["docusign-esign"]
}

product "pandadoc" {
  name         = "PandaDoc"
  vendor       = "PandaDoc"
  category     = "sales-automation"
  capabilities = ["e-signature", "sales-content"]
  domains      = ["pandadoc.com"]
  app_names    = ["PandaDoc"]
}

product "highspot" {
  name         = "Highspot"
  vendor       = "Highspot"
  category     = "sales-automation"
  capabilities = ["sales-content"]
  domains      = ["highspot.com"]
  app_names    = ["Highspot"]
}

product "seismic" {
  name         = "Seismic"
  vendor       = "Seismic"
  category     = "sales-automation"
  capabilities = ["sales-content"]
  domains      = ["seismic.com"]
  app_names    = ["Seismic"]
}

product "showpad" {
  name         = "Showpad"
  vendor       = "Showpad"
  category     = "sales-automation"
  capabilities = ["sales-content"]
  domains      = ["showpad.com", "showpad.biz"]
  app_names    = ["Showpad"]
}

# Affiliate Marketing & Management

product "impact" {
  name         = "impact.com"
  vendor       = "impact.com"
  category     = "affiliate-marketing"
  capabilities = ["affiliate-management", "partner-management", "influencer-management"]
  domains      = ["impact.com"]
  app_names    = ["impact.com", "Impact"]
  script_hosts = ["utt.impactcdn.com"]
}

product "cj-affiliate" {
  name         = "CJ Affiliate"
  vendor       = "CJ"
  category     = "affiliate-marketing"
  capabilities = ["affiliate-management"]
  domains      = ["cj.com"]
  app_names    = ["CJ Affiliate", "Commission Junction"]
}

product "rakuten-advertising" {
  name         = "Rakuten Advertising"
  vendor       = "Rakuten"
  category     = "affiliate-marketing"
  capabilities = ["affiliate-management"]
  domains      = ["rakutenadvertising.com"]
  app_names    = ["Rakuten Advertising"]
}

# Ecommerce Marketing

product "yotpo" {
  name         = "Yotpo"
  vendor       = "Yotpo"
  category     = "ecommerce-marketing"
  capabilities = ["reviews-management", "loyalty-programs", "referral-programs"]
  domains      = ["yotpo.com"]
  app_names    = ["Yotpo"]
  script_hosts = ["staticw2.yotpo.com", "cdn-widgetsrepository.yotpo.com"]
}

product "nosto" {
  name         = "Nosto"
  vendor       = "Nosto"
  category     = "ecommerce-marketing"
  capabilities = ["product-recommendations", "personalization"]
  domains      = ["nosto.com"]
  app_names    = ["Nosto"]
  script_hosts = ["connect.nosto.com"]
}

# Ecommerce Platforms & Carts

product "shopify" {
  name         = "Shopify"
  vendor       = "Shopify"
  category     = "ecommerce-platforms"
  capabilities = ["ecommerce-storefront"]
  domains      = ["shopify.com", "myshopify.com"]
  app_names    = ["Shopify", "Shopify Plus"]
  packages     = ["@shopify/shopify-api", "@shopify/hydrogen", "shopify_api", "ShopifyAPI"]
  script_hosts = ["cdn.shopify.com"]
}

product "bigcommerce" {
  name         = "BigCommerce"
  vendor       = "BigCommerce"
  category     = "ecommerce-platforms"
  capabilities = ["ecommerce-storefront"]
  domains      = ["bigcommerce.com", "mybigcommerce.com"]
  app_names    = ["BigCommerce"]
}

product "adobe-commerce" {
  name         = "Adobe Commerce (Magento)"
  vendor       = "Adobe"
  category     = "ecommerce-platforms"
  capabilities = ["ecommerce-storefront"]
  domains      = ["magento.com"]
  app_names    = ["Adobe Commerce", "Magento"]
}
