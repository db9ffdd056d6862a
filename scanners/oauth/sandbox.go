package oauth

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"strings"
)

// sandboxKey is the RSA key (PKCS #8 DER, base64) of the simulated
// vendors' service apps: `--sandbox` runs hand it to the scanners in place
// of the private key a block's variable names, and the simulators check
// the assertions it signs. It is public, in this file, and opens nothing
// but the loopback simulator.
const sandboxKey = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCLwkJd1mTRYqqvWVoCVB3QZcEm1pIEz09wQMXVr9H74HDxg4/s6q+IP9G8xJsk9Z4bCUcXJxH8ErzFOcj1YC0Ju2Wnf8i/RHlgP+sW6y4tApE/fn5vD876gx0Sg3NlnzNtfch+7qdZ9HK2DMvhRheb3hmyfyhDP0d0AeIX/JQ7rGtX/4lItGl2If8XyTXU3pukbchq9odhlhMDHXIgtRLCKAtUopOdkKrqC1Oxp3vi6YrSXjYleKE+SMq5gVyh4007wUShacmeg3ivDrTgpe1K/Bi5lfsTZjjDuSZpFIb/TIBH7klsRuI12+aUcsS2v8ZLzQvSok0FvIjQ+2HArhr/AgMBAAECggEAAQ+wP1QsdHvs/eM40BcMGZQG5nZEqkKva2kigh/mq/n6rEAqgfW6RYJD48y+Z4Zx9T9EdJmNr74DWaAPCvCjBurkYmQ8WwTNwycDxasdhlFPAbjChFy4s/r2PTjAUeo76BNHctH5yrC/hOsN9UpPTZYJ2JV8nHNzkHRJ35LBxr435uPzrLbxRDE8m/oxIi7gH+VnrBq7fyNtXFxr2ipmumaKwghkIN4I56+VVxTUqLA3iI7EE3kf6/UjATVNdJAmybjdvBiTWSW9RoiavB5ICJ5heFl80vws1kIWFO4h+4GtAlUrY8ohd18YhWFnX49h1fmfEFI43JKj7yHwOk3nCQKBgQDA7iz24vVTUKLL180kpTK4CQhGbuDbzyL0K39IAlAtRNr/bIFWaA6r0BrWEiTync6l1IIqrGYTaAb1WWbud4OuQdb1EjqtKCFZbJKA/yr3iQq2JHt1ASML5KBfmpVOefmSc6LaVgFM2vYVnbYvpUkvRRvVFXf/cS6537YThdKzOwKBgQC5cky1YHTZ5Gxw3i3oLycD9dR/UnecjKi0TH+0iJK7lP7yk7EEUg8PMQH3iXlpHDA2uc4AYEcpqHII+x9njCPxAJvjCk8eUdDX9ea3ido3pvsc7yU8nKLyAcXIg0i9QA4/nVVZrLkxIa583xzm4GDIDaie2U9q1cvKQhjhvO7zDQKBgQC3WGFAypTLdYEQaOfaYGffvy2vCaYFHkcgdcnC2/fn3Vylii8rtz3iB6XJNHsKWe/NZjPBbA6heKXMOgb4rnlke8tVINrEPbPbsLNVhakGjqSwTeFJYyg0IDRMRrKHXqFPjTcBeORJbniYOEWv58qx8mIt0PY1uhDmsXPt/6opiwKBgHBMHNOA04HW5yv5/wao9xFY3hMz1ya/rrFv2a1zPpfFBBXVBc69+kySusQxRYo2/aNGJM7pfm5liJiTqVLE9EbOvZdg+MQ9eyAr0ki2e6RTw6Cj2IK5v5qZJDHl/jhL/9TZ64NgKszrvoPzf8b3fOPoEYIPyh3B1aRnHjYkePZJAoGAVr/7QdRqetby4nn3cWRyZDt4j3JUfmrLYiyiz3GpUPTCj6ZU6KhSvwiMQVfs2taom2qahemOrQapzgRsqZh9gWZNuILtwzGR8B5XCqnjiRdZ1aG9AZN7VfzFEvZa/f0fGtg2ADLZzCMHk9XR/8mONMQazs5C+GxG3136uJ3b/RI="

// SandboxKeyPEM is the sandbox's private key as PEM, what a block's key
// variable holds in a `--sandbox` run.
func SandboxKeyPEM() string {
	der, err := base64.StdEncoding.DecodeString(sandboxKey)
	if err != nil {
		panic("oauth: the sandbox key does not decode: " + err.Error())
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// SandboxPublicKey is the public half of the sandbox's key, for the
// simulators.
func SandboxPublicKey() *rsa.PublicKey {
	key, err := ParseRSAKey(SandboxKeyPEM(), "the sandbox key")
	if err != nil {
		panic("oauth: " + err.Error())
	}
	return &key.PublicKey
}

// VerifyRS256 checks a compact JWS signed RS256 with the key of pub and
// returns its claims: what a simulated token endpoint does with an
// assertion.
func VerifyRS256(pub *rsa.PublicKey, jws string) (map[string]any, error) {
	var claims map[string]any
	if err := DecodeRS256(pub, jws, &claims); err != nil {
		return nil, err
	}
	return claims, nil
}

// DecodeRS256 is VerifyRS256 for a simulator that reads the claims into
// its own type: it decodes them into v, and a claim v cannot hold refuses
// the assertion.
func DecodeRS256(pub *rsa.PublicKey, jws string, v any) error {
	parts := strings.Split(jws, ".")
	if len(parts) != 3 {
		return errors.New("not a compact JWS")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	h, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || json.Unmarshal(h, &header) != nil {
		return errors.New("the header does not decode")
	}
	if header.Alg != "RS256" {
		return errors.New("the algorithm is not RS256")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return errors.New("the signature does not decode")
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		return errors.New("the signature is invalid")
	}
	c, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil || json.Unmarshal(c, v) != nil {
		return errors.New("the claims do not decode")
	}
	return nil
}
