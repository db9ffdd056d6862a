package googleworkspace

import (
	"encoding/json"
)

// sandboxPrivateKey is the simulated service account's RSA key. It is a
// throwaway made for the simulator and published with it: it opens nothing
// but the loopback simulator, which checks assertions against its public
// half. A --sandbox run hands it to blocks that use a service account, so
// that the JWT flow runs end to end without a real key.
const sandboxPrivateKey = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQClfBcrgvnZS814
7JfP91SB5Aa7saP2ZgbErNGV3Nb8v9GO5XajDjk35Au2+xc24EK2z9lRu4NbOzX5
i7N8SM+rfg/3QzPJVKbiJGVnTDUmZaNhQfP3M/GW8FLYmG7JwVxRIGB5g+QSxEAf
iuy68HudYIrVSvb6MKZVnxWqACmaAu97p931dMSrGaDOmK6SBATDeX0xmrhs2PRc
56zY27w39sYx8R44fk3ZS6SxiHgxpJ8g5Efg/TfrzhX/5zyZnvkCQkgUGpjDtIOW
xAFDuxRzPGFgCENto3EKnQagxQB5FRZr74o0kmzVK0S+/TT22AIhzWoQFa2Qf2Uf
+0I0RhEXAgMBAAECggEABwHNHVuLZscN6TvjZbvsSR+1pUbtUWaajMNgkH7sX4Fj
xzAyKM9WXuZ6FIJnRjyStpjwc8SD2F4Wd/2RWQbgPDu3Q1oGHFVIR7UQ0iHo8jpF
g72+Lc52QVTlvSQfNM3KMek0DJEoHB9RM8S3J2c9ZLmMx2FIOenLcT6uNSeSm2HI
5zXdHbb6D8ZkjUqOF4qYipE6Yp3seQxABInua7/SpQm+dJSoSi1joCtnV399Bk1j
kM1d7/lao5LHzazipGukxVmOGP5JZjnV8OaDfmR3diqsMcxCQKkC0ijqBb44dWJG
kbSOpdvOvgYNTRlWiV9b2RqKFdUdqPGwJForIuHo2QKBgQDln1UDpyt+1Y8svxR3
2ImdYpOKeBvxVCh9ipv2EAmg/iW4f+Iv5BpgfeIfKJHa6ifK2KKIrcadBszzrRos
5SwgPntXqLyVZqKbOeLolN3SWCptTaas51ED4vMSToSVkNkKIrs/12ciZ0wrUezQ
m7upQMJhAbuFeQRTguOd0I3RywKBgQC4fp3qfSRM3kNL9cSpqXR99xsunFCksGCo
7xVJ9M11F6W93g1f6Ezh3cMNJ6cjEHeVQZ7yF4K/tbuKhsSLeqweI5jdLislW3rg
FZ5cluHiYbkUxydfRefUpW2axqbMi+oh3+7KvZ95H9hVvr2VRruN4aczdTHjopCl
2/rQez1kZQKBgET/nL8tQ3+oUo6CmHbuxWNalLUeJF9fB4+5z+WfqhULaXBIVUJI
y7hE+2abfUCH7g8hC64AcdcLjRiH4n6tGpZR0CRmGszV+3Sjb1CuMv2a6pzPoY8B
LzH4x0uv9l0vGljWWOf1JROMcLHvuzZwJXLVd9NIfv27gJZLlXP9kDADAoGAVDHU
NzKs4jd8Vqnt+c9PTjz6tqa3VrD3K6EQAhQpvwnvpVo0mFQW4eymGtbBu4rER+UO
eESqcnqo/2rJPy3YZliwZh+vqPi6dpDnGDHzG7ClGgpYuW3Zgn2MK1oEvMwNKTBc
dUFcCZayz06gjgMdjH4yI5WUEuIZSNe++m2DctECgYEAx/vgAuBdGYVGBUheTjLH
ojSWjYJMWGHXG9GJd2FKVKifJ8uZAO01IOIoRnjhoWXuFtrB/l5x23nnguO2JHG1
oOhVqe5/Hk1SRPnCPPoimB7NqRsk6Bmi5z01Gaa9762liR0gUPo4a4OJBaD9lpC3
EBYDCikyByuVNor5zlplBj0=
-----END PRIVATE KEY-----
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
