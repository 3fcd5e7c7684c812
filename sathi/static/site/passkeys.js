// Beside the vendored django-otp-webauthn scripts (sathi/static/vendor/django-otp-webauthn): after a passkey is
// added, the page is loaded again to list it; when the server refuses one, its own sentence (in her language:
// "made for another website", "confirm it is you first") replaces the script's general words.
"use strict";

async function showServerDetail(event, statusId) {
  const response = event.detail && event.detail.response;
  const status = document.getElementById(statusId);
  if (!response || !status || response.bodyUsed) return;
  if (!(response.headers.get("content-type") || "").includes("application/json")) return;
  try {
    const body = await response.json();
    if (body && body.detail) status.textContent = body.detail;
  } catch (_error) {
    // not JSON after all: the script's own words stay
  }
}

document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
document.addEventListener("otp_webauthn.register_failed", (event) =>
  showServerDetail(event, "passkey-register-status-message"),
);
document.addEventListener("otp_webauthn.verification_failed", (event) =>
  showServerDetail(event, "passkey-verification-status-message"),
);
// Confirming it is her with a passkey: once the passkey has answered, the form sends her password with it
// (the browser asks for the password first if the field is empty).
document.addEventListener("otp_webauthn.verification_complete", () => {
  const form = document.querySelector("form[data-passkey-confirm]");
  if (form) form.requestSubmit();
});
