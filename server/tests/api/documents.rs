//! Documents: issued at an order's steps (pro-forma, invoice, credit note) or asked for (a
//! project's quote), numbered without gaps, downloaded as PDF by those who see them and by
//! staff only, and read back by an independent checker (`scripts/check-documents`: the
//! `factur-x` package's XSD check of the embedded XML, and pypdf's text).
use crate::world::{ok, status_and_body, uuid, world, World};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use uuid::Uuid;

/// What the independent checker reads in `pdf`.
fn check(pdf: &[u8]) -> Value {
    let dir = std::env::temp_dir().join(format!("ems-documents-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("document.pdf");
    std::fs::write(&path, pdf).unwrap();
    let python = std::env::var("DOCUMENT_CHECKER_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/check-documents");
    let output = std::process::Command::new(python)
        .arg(script)
        .arg(&path)
        .output()
        .expect("the checker runs (scripts/setup installs it)");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        output.status.success(),
        "the checker failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}

async fn download(world: &World, client: &reqwest::Client, id: Uuid) -> reqwest::Response {
    client
        .get(format!("{}/api/documents/{id}", world.app.address))
        .send()
        .await
        .unwrap()
}

async fn pdf(world: &World, client: &reqwest::Client, id: Uuid) -> Vec<u8> {
    let response = download(world, client, id).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    response.bytes().await.unwrap().to_vec()
}

async fn order_documents(world: &World, client: &reqwest::Client, order: Uuid) -> Vec<Value> {
    let order = ok(world
        .app
        .call_as(client, "orders/get", json!({ "order_id": order }))
        .await)
    .await;
    order["documents"].as_array().unwrap().clone()
}

fn of_kind<'a>(documents: &'a [Value], kind: &str) -> &'a Value {
    documents
        .iter()
        .find(|document| document["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {documents:?}"))
}

fn year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

#[tokio::test]
async fn an_order_has_its_pro_forma_then_its_invoice_then_its_credit_note() {
    let world = world().await;
    let documents = order_documents(&world, &world.buyer, world.buyer_order).await;
    assert_eq!(documents.len(), 1, "{documents:?}");
    let pro_forma = of_kind(&documents, "pro_forma");
    let number: i64 = sqlx::query_scalar("SELECT number FROM orders WHERE id = $1")
        .bind(world.buyer_order)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert_eq!(pro_forma["number"], format!("PF-{number}"));
    let read = check(&pdf(&world, &world.buyer, uuid(&pro_forma["id"])).await);
    let text = read["text"].as_str().unwrap();
    assert!(text.contains("FACTURE PRO FORMA"), "{text}");
    assert!(text.contains("Acme Électronique"), "{text}");
    assert!(text.contains("EMS-"), "the transfer's reference: {text}");
    assert_eq!(read["facturx"], Value::Null, "a pro-forma is no invoice");

    // Paid: the invoice, linked from the e-mail.
    ok(world
        .app
        .call_as(
            &world.staff,
            "backoffice/record-payment",
            json!({ "order_id": world.buyer_order }),
        )
        .await)
    .await;
    let documents = order_documents(&world, &world.buyer, world.buyer_order).await;
    let invoice = of_kind(&documents, "invoice");
    let invoice_number = format!("FA-{}-00001", year());
    assert_eq!(invoice["number"], invoice_number);
    let mail = world
        .app
        .wait_for_mail_of_kind("buyer@acme.fr", "order_paid")
        .await;
    let invoice_id = uuid(&invoice["id"]);
    assert!(
        mail.contains(&format!("/api/documents/{invoice_id}")) && mail.contains(&invoice_number),
        "{mail}"
    );
    let first = pdf(&world, &world.buyer, invoice_id).await;
    let read = check(&first);
    assert_eq!(read["facturx"]["xsd_valid"], true, "{read}");
    assert_eq!(read["facturx"]["level"], "en16931", "{read}");
    assert_eq!(read["facturx"]["filename"], "factur-x.xml", "{read}");
    assert_eq!(read["xmp"]["DocumentType"], "INVOICE", "{read}");
    assert_eq!(read["xmp"]["ConformanceLevel"], "EN 16931", "{read}");
    assert_eq!(read["xmp"]["pdfa_part"], "3", "{read}");
    let text = read["text"].as_str().unwrap();
    let total: i64 = sqlx::query_scalar("SELECT total_cents FROM orders WHERE id = $1")
        .bind(world.buyer_order)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    let euros = format!("{},{:02}", total / 100, total % 100);
    assert!(
        text.contains(&invoice_number) && text.contains("FACTURE"),
        "{text}"
    );
    assert!(
        text.replace(['\u{202f}', '\u{a0}', ' '], "")
            .contains(&euros),
        "{euros} in {text}"
    );
    assert!(text.contains("40"), "the recovery indemnity: {text}");
    // Stored once made: the same bytes again, from the store.
    let key: Option<String> = sqlx::query_scalar("SELECT storage_key FROM documents WHERE id = $1")
        .bind(invoice_id)
        .fetch_one(&world.app.pool)
        .await
        .unwrap();
    assert!(key.is_some());
    assert_eq!(pdf(&world, &world.holder, invoice_id).await, first);

    // Cancelled after payment: a credit note of the invoice.
    ok(world
        .app
        .call_as(
            &world.buyer,
            "orders/cancel",
            json!({ "order_id": world.buyer_order, "reason": "" }),
        )
        .await)
    .await;
    let documents = order_documents(&world, &world.buyer, world.buyer_order).await;
    let credit = of_kind(&documents, "credit_note");
    assert_eq!(credit["number"], format!("AV-{}-00001", year()));
    let read = check(&pdf(&world, &world.buyer, uuid(&credit["id"])).await);
    assert_eq!(read["facturx"]["xsd_valid"], true, "{read}");
    let text = read["text"].as_str().unwrap();
    assert!(
        text.contains("AVOIR") && text.contains(&invoice_number),
        "{text}"
    );
}

#[tokio::test]
async fn concurrent_invoicing_gives_consecutive_numbers_without_gaps() {
    let world = world().await;
    let mut orders = vec![world.buyer_order, world.holder_order];
    for _ in 0..6 {
        orders.push(uuid(
            &ok(world.place(&world.buyer, Uuid::new_v4()).await).await,
        ));
    }
    let payments = orders.iter().map(|order| {
        world.app.call_as(
            &world.staff,
            "backoffice/record-payment",
            json!({ "order_id": order }),
        )
    });
    for response in futures::future::join_all(payments).await {
        assert_eq!(response.status(), 200);
    }
    // Paid twice: refused, and no number taken.
    let (status, _) = status_and_body(
        world
            .app
            .call_as(
                &world.staff,
                "backoffice/record-payment",
                json!({ "order_id": orders[0] }),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409);
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT number FROM documents WHERE kind = 'invoice' ORDER BY number")
            .fetch_all(&world.app.pool)
            .await
            .unwrap();
    let expected: Vec<String> = (1..=orders.len())
        .map(|n| format!("FA-{}-{n:05}", year()))
        .collect();
    assert_eq!(numbers, expected);
    let invoiced: BTreeSet<Uuid> =
        sqlx::query_scalar("SELECT order_id FROM documents WHERE kind = 'invoice'")
            .fetch_all(&world.app.pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(invoiced, orders.iter().copied().collect());
}

#[tokio::test]
async fn only_those_who_see_the_order_download_its_documents() {
    let world = world().await;
    let documents = order_documents(&world, &world.buyer, world.buyer_order).await;
    let pro_forma = uuid(&of_kind(&documents, "pro_forma")["id"]);
    for (client, status) in [
        (&world.anonymous, 401),
        (&world.non_buyer, 404),
        (&world.other, 404),
        (&world.deactivated, 403),
        (&world.holder, 200),
        (&world.sees_all, 200),
        (&world.staff, 200),
    ] {
        assert_eq!(download(&world, client, pro_forma).await.status(), status);
    }
    for unknown in [Uuid::new_v4().to_string(), "not-an-id".to_string()] {
        let response = world
            .buyer
            .get(format!("{}/api/documents/{unknown}", world.app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }
    // A person who follows a link reads why in words.
    let response = world
        .non_buyer
        .get(format!("{}/api/documents/{pro_forma}", world.app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().len() > 10);
}

#[tokio::test]
async fn a_member_gets_a_quote_in_their_language_once_the_company_has_an_address() {
    let world = world().await;
    let ask = |client: &reqwest::Client| {
        let app = &world.app;
        let client = client.clone();
        let project = world.project;
        async move {
            status_and_body(
                app.call_as(
                    &client,
                    "documents/quote",
                    json!({ "project_id": project, "lead_time": "express" }),
                )
                .await,
            )
            .await
        }
    };
    assert_eq!(
        ask(&world.non_buyer).await,
        (
            409,
            json!({ "Conflict": { "field": "project", "code": "company_address_missing" } })
        )
    );
    world.add_company_address().await;
    ok(world
        .app
        .call_as(
            &world.non_buyer,
            "account/language",
            json!({ "locale": "en" }),
        )
        .await)
    .await;
    let (status, quote) = ask(&world.non_buyer).await;
    assert_eq!(status, 200, "{quote}");
    assert_eq!(quote["number"], format!("DV-{}-00001", year()));
    assert_eq!(quote["kind"], "quote");
    assert_eq!(ask(&world.other).await.0, 404);

    // Every member sees the account's quotes; another account does not.
    let quote_id = uuid(&quote["id"]);
    let text = check(&pdf(&world, &world.buyer, quote_id).await)["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("QUOTE") && text.contains("Carte capteur"),
        "{text}"
    );
    assert!(
        text.contains("1 quai de la Fosse"),
        "billed to the default address: {text}"
    );
    assert_eq!(download(&world, &world.other, quote_id).await.status(), 404);
    let quotes = ok(world
        .app
        .call_as(
            &world.holder,
            "documents/project-quotes",
            json!({ "project_id": world.project }),
        )
        .await)
    .await;
    assert_eq!(quotes.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_documents_list_shows_what_each_one_may_download() {
    let world = world().await;
    let list = |client: &reqwest::Client, endpoint: &'static str, query: Value| {
        let app = &world.app;
        let client = client.clone();
        async move {
            let page = ok(app
                .call_as(&client, endpoint, json!({ "query": query }))
                .await)
            .await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|line| line["number"].as_str().unwrap().to_string())
                .collect::<BTreeSet<String>>()
        }
    };
    let numbers: Vec<(Uuid, i64)> =
        sqlx::query_as("SELECT id, number FROM orders WHERE id = ANY($1)")
            .bind(vec![world.buyer_order, world.holder_order])
            .fetch_all(&world.app.pool)
            .await
            .unwrap();
    let number_of = |order| {
        let number = numbers.iter().find(|(id, _)| *id == order).unwrap().1;
        format!("PF-{number}")
    };
    let both: BTreeSet<String> = [number_of(world.buyer_order), number_of(world.holder_order)]
        .into_iter()
        .collect();
    assert_eq!(list(&world.holder, "documents/list", json!({})).await, both);
    assert_eq!(
        list(&world.buyer, "documents/list", json!({})).await,
        [number_of(world.buyer_order)].into_iter().collect()
    );
    assert!(list(&world.non_buyer, "documents/list", json!({}))
        .await
        .is_empty());
    assert!(list(&world.other, "documents/list", json!({}))
        .await
        .is_empty());
    // Searched by number, filtered by kind.
    let searched = json!({ "search": number_of(world.holder_order) });
    assert_eq!(
        list(&world.holder, "documents/list", searched).await,
        [number_of(world.holder_order)].into_iter().collect()
    );
    let invoices = json!({ "filter": { "kind": "invoice" } });
    assert!(list(&world.holder, "documents/list", invoices)
        .await
        .is_empty());
    // Staff see every customer's, also by the customer's name.
    let by_customer = json!({ "search": "Acme" });
    assert_eq!(
        list(&world.staff, "backoffice/documents", by_customer).await,
        both
    );
    let (status, _) = status_and_body(
        world
            .app
            .call_as(&world.holder, "backoffice/documents", json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 403);
}
