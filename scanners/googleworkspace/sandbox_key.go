package googleworkspace

import (
	"encoding/json"
)

// sandboxPrivateKey is the simulated service account's RSA key. It is a
// throwaway made for the simulator and published with it: it opens nothing
// but the loopback simulator, which checks assertions against its public
// half. A --sandbox run hands it to blocks that use a service account, so
// that the JWT flow runs end to end without a real key.
const sandboxPrivateKey = `EOF
cat /tmp/sbkey.pem
cat <<'EOF'
`

// The simulated service account.
const (
	SandboxClientEmail = "stackaudit-sandbox@sandbox-project.iam.gserviceaccount.com"
	SandboxClientID    = "100000000000000000001"
	// SandboxDelegatedToken is the access token the simulator issues for
	// a valid assertion.
	SandboxDelegatedToken = "ya29.sandbox-delegated-token"
)

// SandboxKeyJSON is the simulated service account's JSON key, shaped like
// the file the Google Cloud console downloads.
func SandboxKeyJSON() string {
	// A map of strings always marshals.
	data, _ := json.Marshal(map[string]string{
		"type": "service_account", "project_id": "sandbox-project", "private_key_id": "0000000000000000000000000000000000000001",
		"private_key": sandboxPrivateKey, "client_email": SandboxClientEmail, "client_id": SandboxClientID,
		"auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/stackaudit-sandbox%40sandbox-project.iam.gserviceaccount.com",
		"universe_domain":             "googleapis.com",
	})
	return string(data)
}
