//! Reading projects: a page of the account's list, and one project with its files and the address its
//! next order is likely to go to.
use crate::{
    company::types::SavedAddress,
    error::AppError,
    issues::AddressText,
    projects::{
        forms::{OrderForm, ProjectForm},
        types::{ProjectDetail, ProjectFile, ProjectSummary},
    },
    server::{
        db::{
            list::{cursor_of, push_like_any, push_page, read_page, SortKey},
            projects::ProjectRow,
            unix,
        },
        session, state, OrInternal,
    },
};
use shared::list::{ListQuery, Page, ProjectFilter};
use shared::{BoardThickness, DeliveryAddress, Service, SolderMask, SurfaceFinish};
use sqlx::{types::Json, QueryBuilder};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    name: String,
    service: Service,
    quantity: i32,
    layers: i16,
    width_mm: i16,
    height_mm: i16,
    files: i64,
    updated_by: Option<String>,
    updated_at: OffsetDateTime,
}

impl SummaryRow {
    fn into_summary(self) -> Result<ProjectSummary, AppError> {
        Ok(ProjectSummary {
            id: self.id,
            name: self.name,
            service: self.service,
            quantity: u32::try_from(self.quantity).or_internal()?,
            layers: u8::try_from(self.layers).or_internal()?,
            width_mm: u16::try_from(self.width_mm).or_internal()?,
            height_mm: u16::try_from(self.height_mm).or_internal()?,
            files: self.files,
            updated_by: self.updated_by,
            updated_at: unix(self.updated_at),
        })
    }
}

pub async fn list_projects(
    query: ListQuery<ProjectFilter>,
) -> Result<Page<ProjectSummary>, AppError> {
    let member = session::require_member().await?;
    let mut sql = QueryBuilder::new(
        "SELECT p.id, p.name, p.service, p.quantity, p.layers, p.width_mm, p.height_mm,
                (SELECT count(*) FROM project_files f WHERE f.project_id = p.id AND f.current)
                    AS files,
                (SELECT u.full_name FROM users u WHERE u.id = p.updated_by) AS updated_by,
                p.updated_at
         FROM projects p
         WHERE p.account_id = ",
    );
    sql.push_bind(member.account_id);
    if let Some(service) = query.filter.service {
        sql.push(" AND p.service = ").push_bind(service);
    }
    if let Some(search) = &query.search {
        sql.push(" AND (");
        push_like_any(&mut sql, &search.like_pattern(), &["p.name"]);
        sql.push(")");
    }
    push_page(&mut sql, &query, PROJECTS_BY_CHANGE);
    let rows: Vec<SummaryRow> = read_page(&mut sql, query.search.is_some(), &state().pool).await?;
    Page::from_read(rows, query.start, query.size, |row| {
        cursor_of(row.updated_at, row.id)
    })
    .try_map(SummaryRow::into_summary)
}

/// The projects list is read most recently changed first (index `projects_account_updated_idx`).
const PROJECTS_BY_CHANGE: SortKey = SortKey {
    time: "p.updated_at",
    id: "p.id",
};

/// A project's columns, who created and last changed it, and what its page shows beside it.
struct DetailRow {
    id: Uuid,
    name: String,
    service: Service,
    quantity: i32,
    layers: i16,
    width_mm: i16,
    height_mm: i16,
    thickness: BoardThickness,
    finish: SurfaceFinish,
    mask: SolderMask,
    notes: String,
    version: i32,
    created_by: Option<String>,
    created_at: OffsetDateTime,
    updated_by: Option<String>,
    updated_at: OffsetDateTime,
    files: Json<Vec<ProjectFile>>,
    last_delivery: Option<Json<DeliveryAddress>>,
    address_book: Json<Vec<SavedAddress>>,
}

/// The project with its current files, the address its next order is likely to go to (the
/// address book's default, else the address of the person's last order or purchase request)
/// and the account's address book: one statement.
pub async fn load_project(project_id: Uuid) -> Result<ProjectDetail, AppError> {
    let member = session::require_member().await?;
    let row = sqlx::query_as!(
        DetailRow,
        r#"SELECT p.id, p.name, p.service AS "service: Service", p.quantity, p.layers,
                  p.width_mm, p.height_mm, p.thickness AS "thickness: BoardThickness",
                  p.finish AS "finish: SurfaceFinish", p.mask AS "mask: SolderMask", p.notes,
                  p.version, c.full_name AS "created_by?", p.created_at,
                  u.full_name AS "updated_by?", p.updated_at,
                  (SELECT coalesce(json_agg(x ORDER BY x.kind), '[]') FROM (
                     SELECT f.id, f.kind, f.file_name, f.size_bytes,
                            uploader.full_name AS uploaded_by,
                            floor(extract(epoch FROM f.uploaded_at))::bigint AS uploaded_at
                     FROM project_files f LEFT JOIN users uploader ON uploader.id = f.uploaded_by
                     WHERE f.project_id = p.id AND f.current) x)
                    AS "files!: Json<Vec<ProjectFile>>",
                  coalesce(
                    (SELECT d.address FROM delivery_addresses d
                     WHERE d.account_id = $2 AND d.is_default),
                    (SELECT a.delivery_address FROM (
                       SELECT delivery_address, created_at FROM orders
                       WHERE account_id = $2 AND (placed_by = $3 OR requested_by = $3)
                       UNION ALL
                       SELECT delivery_address, created_at FROM purchase_requests
                       WHERE account_id = $2 AND requested_by = $3) a
                     ORDER BY a.created_at DESC LIMIT 1))
                    AS "last_delivery: Json<DeliveryAddress>",
                  (SELECT coalesce(json_agg(x ORDER BY x.n), '[]') FROM (
                     SELECT d.id, d.label, d.address, d.is_default,
                            row_number() OVER (ORDER BY d.is_default DESC, d.label, d.id) AS n
                     FROM delivery_addresses d WHERE d.account_id = $2) x)
                    AS "address_book!: Json<Vec<SavedAddress>>"
           FROM projects p
           LEFT JOIN users c ON c.id = p.created_by
           LEFT JOIN users u ON u.id = p.updated_by
           WHERE p.id = $1 AND p.account_id = $2"#,
        project_id,
        member.account_id,
        member.user.id,
    )
    .fetch_optional(&state().pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let project = ProjectRow {
        id: row.id,
        name: row.name,
        service: row.service,
        quantity: row.quantity,
        layers: row.layers,
        width_mm: row.width_mm,
        height_mm: row.height_mm,
        thickness: row.thickness,
        finish: row.finish,
        mask: row.mask,
        notes: row.notes,
        version: row.version,
    }
    .parse()?;
    Ok(ProjectDetail {
        id: row.id,
        form: ProjectForm::from(&project),
        version: row.version,
        created_by: row.created_by,
        created_at: unix(row.created_at),
        updated_by: row.updated_by,
        updated_at: unix(row.updated_at),
        files: row.files.0,
        last_delivery: row
            .last_delivery
            .map(|Json(address)| delivery_form(&address)),
        address_book: row.address_book.0,
    })
}

/// An address as the order form shows it.
fn delivery_form(address: &DeliveryAddress) -> OrderForm {
    let AddressText {
        recipient,
        line1,
        line2,
        postal_code,
        city,
        country,
    } = address.into();
    OrderForm {
        recipient,
        line1,
        line2,
        postal_code,
        city,
        country,
        ..OrderForm::default()
    }
}
