//! Rows of the authorization matrix: the collaborator space, "Mon compte" and the session.
//! Calls that would change who an actor is (a new account, the first password, logging out)
//! come last, so that every row before them meets the scene as it was built.
use super::{
    Answer::{
        Allowed as A, Enrol as E, Forbidden as F, Invalid as I, NotFound as N, Unauthorized as U,
    },
    Call::Json,
    Row,
};
use serde_json::json;
use uuid::Uuid;

const PERMISSIONS: fn() -> serde_json::Value =
    || json!({ "can_buy": false, "can_see_all_orders": false });

/// The collaborator space, "Mon compte", then the calls that change the actor.
pub(super) fn rows() -> Vec<Row> {
    let row = |call, object, answers| Row {
        call,
        object,
        answers,
    };
    vec![
        //                                                           anon hold buy  non  all  deac othr staf 1st  unvf s2fa
        row(
            Json("auth/me", |_, _| json!({})),
            "-",
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        row(
            Json("collaborators/list", |_, _| json!({})),
            "-",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("collaborators/space", |_, _| json!({})),
            "-",
            [U, A, A, A, A, A, A, F, F, A, E],
        ),
        row(
            Json("collaborators/history", |_, _| json!({})),
            "-",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json("account/home", |_, _| json!({})),
            "-",
            [U, A, A, A, A, A, A, F, F, A, E],
        ),
        row(
            Json("collaborators/create", |_, _| {
                let email = format!("cree-{}@example.fr", Uuid::new_v4().simple());
                json!({ "form": {
                    "first_name": "Paul", "last_name": "Martin", "email": email,
                    "phone": "06 98 76 54 32", "permissions": PERMISSIONS(),
                    "password": "given by the holder 2026",
                    "confirmation": "given by the holder 2026", "locale": "fr"
                } })
            }),
            "a new person",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/invite",
                |_, _| json!({ "email": "personne@example.fr", "permissions": PERMISSIONS() }),
            ),
            "an address nobody has",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/withdraw-invitation",
                |_, _| json!({ "invitation_id": Uuid::new_v4() }),
            ),
            "an unknown invitation",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/answer-invitation",
                |_, _| json!({ "invitation_id": Uuid::new_v4(), "accept": true }),
            ),
            "an unknown invitation, accepted",
            [U, N, N, N, N, N, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/request",
                |_, _| json!({ "reference": "personne@example.fr", "confirmed": false }),
            ),
            "an address nobody has",
            [U, A, A, A, A, A, A, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/cancel-request",
                |_, _| json!({ "request_id": Uuid::new_v4() }),
            ),
            "an unknown request",
            [U, N, N, N, N, N, N, N, F, N, E],
        ),
        row(
            Json("collaborators/decide", |_, _| {
                json!({ "request_id": Uuid::new_v4(), "accept": false,
                               "permissions": PERMISSIONS(), "message": "" })
            }),
            "an unknown request",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/permissions",
                |_, _| json!({ "user_id": Uuid::new_v4(), "permissions": PERMISSIONS() }),
            ),
            "an unknown person",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/deactivate",
                |_, _| json!({ "user_id": Uuid::new_v4() }),
            ),
            "an unknown person",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/reactivate",
                |_, _| json!({ "user_id": Uuid::new_v4(), "permissions": PERMISSIONS() }),
            ),
            "an unknown person",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/remove",
                |_, _| json!({ "user_id": Uuid::new_v4() }),
            ),
            "an unknown person",
            [U, N, F, F, F, F, N, F, F, F, E],
        ),
        row(
            Json("collaborators/transfer", |_, _| json!({ "user_id": null })),
            "no offer",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json(
                "collaborators/answer-transfer",
                |_, _| json!({ "account_id": Uuid::new_v4(), "accept": false }),
            ),
            "an unknown offer, declined",
            [U, N, N, N, N, N, N, F, F, N, E],
        ),
        row(
            Json(
                "collaborators/leave",
                |_, _| json!({ "account_id": Uuid::new_v4() }),
            ),
            "an unknown account",
            [U, N, N, N, N, N, N, N, F, N, E],
        ),
        row(
            Json("account/profile", |_, _| {
                json!({ "form": { "first_name": "Marie", "last_name": "Curie",
                                         "phone": "06 12 34 56 78" } })
            }),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json("account/language", |_, _| json!({ "locale": "fr" })),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json(
                "account/time-zone",
                |_, _| json!({ "time_zone": "Europe/Paris" }),
            ),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json("account/password", |_, _| {
                json!({ "form": { "current_password": "not the password",
                                         "password": "another long passphrase 42",
                                         "confirmation": "another long passphrase 42" } })
            }),
            "oneself, a wrong current password",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json(
                "account/email",
                |_, _| json!({ "new_email": "ailleurs@example.fr", "password": "not the password" }),
            ),
            "oneself, a wrong password",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json("account/resend-verification", |_, _| json!({})),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json(
                "account/switch",
                |w, _| json!({ "account_id": w.account_id }),
            ),
            "the account",
            [U, A, A, A, A, N, N, N, F, A, E],
        ),
        row(
            Json("account/company", |_, _| {
                json!({ "form": { "company_name": "Acme Électronique",
                                         "siret": "732 829 320 00074" } })
            }),
            "the account's own name and SIRET",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            // A wrong password: the call is read and checked, and nobody is deleted.
            Json(
                "account/delete",
                |_, _| json!({ "password": "not the password" }),
            ),
            "one's own person",
            [U, A, A, A, A, A, A, F, F, A, E],
        ),
        row(
            Json("account/addresses", |_, _| json!({})),
            "the account's own address book",
            [U, A, A, A, A, F, A, F, F, A, E],
        ),
        row(
            Json("account/addresses/add", |_, _| {
                json!({ "form": { "label": "Quai", "recipient": "Acme", "line1": "1 quai",
                    "line2": "", "postal_code": "44000", "city": "Nantes", "country": "FR" } })
            }),
            "the account's own address book",
            [U, A, A, F, F, F, A, F, F, F, E],
        ),
        row(
            Json("account/addresses/update", |_, _| {
                json!({ "address_id": Uuid::new_v4(), "form": { "label": "Quai",
                    "recipient": "Acme", "line1": "1 quai", "line2": "", "postal_code": "44000",
                    "city": "Nantes", "country": "FR" } })
            }),
            "an address that is nobody's",
            [U, N, N, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "account/addresses/default",
                |_, _| json!({ "address_id": Uuid::new_v4() }),
            ),
            "an address that is nobody's",
            [U, N, N, F, F, F, N, F, F, F, E],
        ),
        row(
            Json(
                "account/addresses/delete",
                |_, _| json!({ "address_id": Uuid::new_v4() }),
            ),
            "an address that is nobody's",
            [U, N, N, F, F, F, N, F, F, F, E],
        ),
        row(
            Json("account/billing/get", |_, _| json!({})),
            "the account's own billing details",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json("account/billing", |_, _| {
                json!({ "form": { "vat_number": "", "billing_recipient": "", "billing_line1": "",
                    "billing_line2": "", "billing_postal_code": "", "billing_city": "",
                    "billing_country": "FR" } })
            }),
            "the account's own billing details",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        // A link is checked, not its bearer: a wrong one is refused alike for everyone.
        row(
            Json(
                "account/verify-email",
                |_, _| json!({ "token": "not-a-token" }),
            ),
            "a wrong link",
            [I, I, I, I, I, I, I, I, I, I, I],
        ),
        row(
            Json(
                "account/confirm-email",
                |_, _| json!({ "token": "not-a-token" }),
            ),
            "a wrong link",
            [I, I, I, I, I, I, I, I, I, I, I],
        ),
        // Two-factor authentication. Nobody has a password typed and a code pending here.
        row(
            Json("auth/login-code", |_, _| json!({ "code": "000000" })),
            "no pending login",
            [U, U, U, U, U, U, U, U, U, U, U],
        ),
        row(
            Json("account/two-factor/status", |_, _| json!({})),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, A],
        ),
        // Enrolment is what staff without a second factor must do; staff have it already (409).
        row(
            Json("account/two-factor/start", |_, _| json!({})),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, A],
        ),
        row(
            Json(
                "account/two-factor/confirm",
                |_, _| json!({ "code": "000000" }),
            ),
            "oneself, a wrong code",
            [U, A, A, A, A, A, A, A, F, A, A],
        ),
        row(
            Json(
                "account/two-factor/disable",
                |_, _| json!({ "code": "000000" }),
            ),
            "oneself, a wrong code",
            [U, A, A, A, A, A, A, A, F, A, A],
        ),
        row(
            Json(
                "account/two-factor/verify",
                |_, _| json!({ "code": "000000" }),
            ),
            "oneself, a wrong code",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        row(
            Json(
                "collaborators/require-two-factor",
                |_, _| json!({ "required": false }),
            ),
            "the account",
            [U, A, F, F, F, F, A, F, F, F, E],
        ),
        row(
            Json("account/activity", |_, _| json!({})),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        // Each actor has one session: it stays.
        row(
            Json("account/end-other-sessions", |_, _| json!({})),
            "oneself",
            [U, A, A, A, A, A, A, A, F, A, E],
        ),
        // From here on, the calls change who the actor is.
        row(
            Json("account/new-company", |_, _| {
                json!({ "form": { "company_name": format!("Nouvelle {}", Uuid::new_v4().simple()),
                                  "siret": "" } })
            }),
            "a new company",
            [U, A, A, A, A, A, A, F, F, F, E],
        ),
        row(
            Json(
                "account/first-password",
                |_, _| json!({ "password": "my very own password", "confirmation": "my very own password" }),
            ),
            "oneself",
            [U, F, F, F, F, F, F, F, A, F, F],
        ),
        row(
            Json("auth/logout", |_, _| json!({})),
            "oneself",
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
    ]
}
