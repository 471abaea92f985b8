//! What the projects' server functions do, on the server only. Every function starts from
//! `require_member` and only touches the caller's active account's projects.
use super::{
    forms::{OrderForm, ProjectForm, ValidProject},
    types::{ProjectDetail, ProjectFile, ProjectSummary},
};
use crate::{
    error::AppError,
    issues::Form,
    server::{
        internal,
        session::{self, Member},
        state,
    },
};
use leptos::server_fn::codec::MultipartData;
use shared::{
    safe_file_name, BoardSpec, BoardThickness, DeliveryAddress, FileKind, LayerCount, Millimetres,
    ProjectName, ProjectNotes, Quantity, Service, SolderMask, SurfaceFinish, MAX_FILE_BYTES,
};
use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

/// A project row; its columns only hold what the parsers accepted.
#[derive(sqlx::FromRow)]
pub(crate) struct ProjectRow {
    pub id: Uuid,
    pub name: String,
    pub service: String,
    pub quantity: i32,
    pub layers: i16,
    pub width_mm: i16,
    pub height_mm: i16,
    pub thickness: String,
    pub finish: String,
    pub mask: String,
    pub notes: String,
    pub version: i32,
}

/// The columns of [`ProjectRow`], for queries that read a project.
pub(crate) const PROJECT_COLUMNS: &str =
    "p.id, p.name, p.service, p.quantity, p.layers, p.width_mm, p.height_mm, p.thickness, \
     p.finish, p.mask, p.notes, p.version";

impl ProjectRow {
    /// Parses the stored values again: a row that no longer parses is our bug, not the user's.
    pub fn parse(&self) -> Result<ValidProject, AppError> {
        let number = |value: i64| value.to_string();
        let board = (|| {
            Ok::<_, shared::FieldError>(BoardSpec {
                layers: LayerCount::parse(&number(self.layers.into()))?,
                width: Millimetres::parse(&number(self.width_mm.into()))?,
                height: Millimetres::parse(&number(self.height_mm.into()))?,
                thickness: BoardThickness::parse(&self.thickness)?,
                finish: SurfaceFinish::parse(&self.finish)?,
                mask: SolderMask::parse(&self.mask)?,
            })
        })();
        let project = (|| {
            Ok::<_, shared::FieldError>(ValidProject {
                name: ProjectName::parse(&self.name)?,
                service: Service::parse(&self.service)?,
                quantity: Quantity::parse(&number(self.quantity.into()))?,
                board: board?,
                notes: ProjectNotes::parse(&self.notes)?,
            })
        })();
        project.map_err(|code| internal(format!("project {} does not parse: {code}", self.id)))
    }
}

/// SQL for "First Last" of the user joined as `alias` (NULL for a deleted person).
pub(crate) fn full_name_sql(alias: &str) -> String {
    format!("nullif(concat_ws(' ', {alias}.first_name, {alias}.last_name), '')")
}

pub(crate) fn unix(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: Uuid,
    name: String,
    service: String,
    quantity: i32,
    layers: i16,
    width_mm: i16,
    height_mm: i16,
    files: i64,
    updated_by: Option<String>,
    updated_at: OffsetDateTime,
}

pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let member = session::require_member().await?;
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "SELECT p.id, p.name, p.service, p.quantity, p.layers, p.width_mm, p.height_mm,
                (SELECT count(*) FROM project_files f WHERE f.project_id = p.id AND f.current) AS files,
                {} AS updated_by, p.updated_at
         FROM projects p LEFT JOIN users u ON u.id = p.updated_by
         WHERE p.account_id = $1
         ORDER BY p.updated_at DESC",
        full_name_sql("u")
    ))
    .bind(member.account_id)
    .fetch_all(&state().pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(ProjectSummary {
                id: row.id,
                service: Service::parse(&row.service).map_err(internal)?,
                name: row.name,
                quantity: u32::try_from(row.quantity).map_err(internal)?,
                layers: u8::try_from(row.layers).map_err(internal)?,
                width_mm: u16::try_from(row.width_mm).map_err(internal)?,
                height_mm: u16::try_from(row.height_mm).map_err(internal)?,
                files: row.files,
                updated_by: row.updated_by,
                updated_at: unix(row.updated_at),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    project: ProjectRow,
    created_by: Option<String>,
    created_at: OffsetDateTime,
    updated_by: Option<String>,
    updated_at: OffsetDateTime,
}

/// The project `project_id` of the member's account, locked for the rest of the transaction.
pub(crate) async fn project_for_update(
    tx: &mut PgConnection,
    member: &Member,
    project_id: Uuid,
) -> Result<ProjectRow, AppError> {
    sqlx::query_as::<_, ProjectRow>(&format!(
        "SELECT {PROJECT_COLUMNS} FROM projects p WHERE p.id = $1 AND p.account_id = $2 FOR UPDATE"
    ))
    .bind(project_id)
    .bind(member.account_id)
    .fetch_optional(tx)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn load_project(project_id: Uuid) -> Result<ProjectDetail, AppError> {
    let member = session::require_member().await?;
    let pool = &state().pool;
    let row = sqlx::query_as::<_, DetailRow>(&format!(
        "SELECT {PROJECT_COLUMNS}, {} AS created_by, p.created_at, {} AS updated_by, p.updated_at
         FROM projects p
         LEFT JOIN users c ON c.id = p.created_by
         LEFT JOIN users u ON u.id = p.updated_by
         WHERE p.id = $1 AND p.account_id = $2",
        full_name_sql("c"),
        full_name_sql("u")
    ))
    .bind(project_id)
    .bind(member.account_id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let project = row.project.parse()?;
    let files = current_files(pool, project_id).await?;
    // The address of the person's last order or purchase request, to prefill the next one.
    let last_delivery: Option<sqlx::types::Json<DeliveryAddress>> = sqlx::query_scalar(
        "SELECT delivery_address FROM (
             SELECT delivery_address, created_at FROM orders
             WHERE account_id = $1 AND (placed_by = $2 OR requested_by = $2)
             UNION ALL
             SELECT delivery_address, created_at FROM purchase_requests
             WHERE account_id = $1 AND requested_by = $2
         ) AS addresses
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(member.account_id)
    .bind(member.user.id)
    .fetch_optional(pool)
    .await?;
    Ok(ProjectDetail {
        id: row.project.id,
        form: ProjectForm::from(&project),
        version: row.project.version,
        created_by: row.created_by,
        created_at: unix(row.created_at),
        updated_by: row.updated_by,
        updated_at: unix(row.updated_at),
        files,
        last_delivery: last_delivery.map(|address| delivery_form(&address.0)),
    })
}

/// An address as the order form shows it.
fn delivery_form(address: &DeliveryAddress) -> OrderForm {
    OrderForm {
        recipient: address.recipient.as_str().into(),
        line1: address.line1.as_str().into(),
        line2: address
            .line2
            .as_ref()
            .map(|line| line.as_str().into())
            .unwrap_or_default(),
        postal_code: address.postal_code.as_str().into(),
        city: address.city.as_str().into(),
        country: address.country.as_str().into(),
        ..OrderForm::default()
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FileRow {
    id: Uuid,
    kind: String,
    file_name: String,
    size_bytes: i64,
    uploaded_by: Option<String>,
    uploaded_at: OffsetDateTime,
}

impl FileRow {
    pub fn into_file(self) -> Result<ProjectFile, AppError> {
        Ok(ProjectFile {
            id: self.id,
            kind: FileKind::parse(&self.kind).map_err(internal)?,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            uploaded_by: self.uploaded_by,
            uploaded_at: unix(self.uploaded_at),
        })
    }
}

pub(crate) fn file_columns() -> String {
    format!(
        "f.id, f.kind, f.file_name, f.size_bytes, {} AS uploaded_by, f.uploaded_at",
        full_name_sql("u")
    )
}

async fn current_files(
    pool: &sqlx::PgPool,
    project_id: Uuid,
) -> Result<Vec<ProjectFile>, AppError> {
    sqlx::query_as::<_, FileRow>(&format!(
        "SELECT {} FROM project_files f LEFT JOIN users u ON u.id = f.uploaded_by
         WHERE f.project_id = $1 AND f.current ORDER BY f.kind",
        file_columns()
    ))
    .bind(project_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(FileRow::into_file)
    .collect()
}

type Query<'q> = sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>;

/// Binds a project's ten columns, from `name` to `notes`, in the order of the table.
fn bind_project<'q>(query: Query<'q>, project: &'q ValidProject) -> Query<'q> {
    let board = &project.board;
    query
        .bind(project.name.as_str())
        .bind(project.service.as_str())
        .bind(project.quantity.get() as i32)
        .bind(i16::from(board.layers.get()))
        .bind(board.width.get() as i16)
        .bind(board.height.get() as i16)
        .bind(board.thickness.as_str())
        .bind(board.finish.as_str())
        .bind(board.mask.as_str())
        .bind(project.notes.as_str())
}

pub async fn create_project(form: ProjectForm) -> Result<Uuid, AppError> {
    let member = session::require_member().await?;
    let project = form.parse()?;
    let id = Uuid::new_v4();
    let insert = sqlx::query(
        "INSERT INTO projects (name, service, quantity, layers, width_mm, height_mm, thickness,
                               finish, mask, notes, id, account_id, created_by, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    );
    bind_project(insert, &project)
        .bind(id)
        .bind(member.account_id)
        .bind(member.user.id)
        .execute(&state().pool)
        .await?;
    Ok(id)
}

pub async fn save_project(
    project_id: Uuid,
    version: i32,
    form: ProjectForm,
) -> Result<i32, AppError> {
    let member = session::require_member().await?;
    let project = form.parse()?;
    let pool = &state().pool;
    // Only the version the person loaded is replaced: of two saves from it, one wins.
    let update = sqlx::query(
        "UPDATE projects SET name = $1, service = $2, quantity = $3, layers = $4, width_mm = $5,
                height_mm = $6, thickness = $7, finish = $8, mask = $9, notes = $10,
                version = version + 1, updated_by = $14, updated_at = now()
         WHERE id = $11 AND account_id = $12 AND version = $13
         RETURNING version",
    );
    let saved: Option<i32> = bind_project(update, &project)
        .bind(project_id)
        .bind(member.account_id)
        .bind(version)
        .bind(member.user.id)
        .fetch_optional(pool)
        .await?
        .map(|row| sqlx::Row::get(&row, 0));
    match saved {
        Some(version) => Ok(version),
        None => Err(edit_conflict(pool, &member, project_id).await?),
    }
}

/// Why a save or an order naming an old version was refused: who changed it, and when.
pub(crate) async fn edit_conflict(
    pool: &sqlx::PgPool,
    member: &Member,
    project_id: Uuid,
) -> Result<AppError, AppError> {
    let changed: Option<(Option<String>, OffsetDateTime)> = sqlx::query_as(&format!(
        "SELECT {} , p.updated_at FROM projects p LEFT JOIN users u ON u.id = p.updated_by
         WHERE p.id = $1 AND p.account_id = $2",
        full_name_sql("u")
    ))
    .bind(project_id)
    .bind(member.account_id)
    .fetch_optional(pool)
    .await?;
    Ok(match changed {
        Some((by, at)) => AppError::EditConflict {
            by: by.unwrap_or_default(),
            at: unix(at),
        },
        None => AppError::NotFound,
    })
}

// ---- Design files ---------------------------------------------------------------------------

/// How much of a file's beginning the type check reads.
const HEAD_BYTES: usize = 8 * 1024;

/// The parts of an upload, read in order; the file is read last and at most 20 MB of it.
struct Upload {
    project_id: Option<Uuid>,
    kind: Option<FileKind>,
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    let Some(mut multipart) = data.into_inner() else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut upload = Upload {
        project_id: None,
        kind: None,
        file: None,
    };
    // A malformed body is the sender's mistake: 400, not 500.
    let malformed = |_| AppError::Validation(Vec::new());
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        match field.name() {
            Some("project_id") => {
                let text = field.text().await.map_err(malformed)?;
                upload.project_id = Some(text.trim().parse().map_err(|_| AppError::NotFound)?);
            }
            Some("kind") => {
                let text = field.text().await.map_err(malformed)?;
                upload.kind =
                    Some(FileKind::parse(&text).map_err(|code| AppError::field("kind", code))?);
            }
            Some("file") => {
                let name = safe_file_name(field.file_name().unwrap_or_default());
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                    if (bytes.len() + chunk.len()) as u64 > MAX_FILE_BYTES {
                        return Err(AppError::field("file", shared::FieldError::FileTooLarge));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                upload.file = Some((name, bytes));
            }
            _ => {}
        }
    }
    Ok(upload)
}

pub async fn upload_file(data: MultipartData) -> Result<ProjectFile, AppError> {
    let member = session::require_member().await?;
    let upload = read_upload(data).await?;
    let project_id = upload.project_id.ok_or(AppError::NotFound)?;
    let kind = upload
        .kind
        .ok_or_else(|| AppError::field("kind", shared::FieldError::Required))?;
    let (file_name, bytes) = upload
        .file
        .ok_or_else(|| AppError::field("file", shared::FieldError::Required))?;
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    kind.check(&file_name, bytes.len() as u64, head)
        .map_err(|code| AppError::field("file", code))?;

    let state = state();
    let mut tx = state.pool.begin().await?;
    project_for_update(&mut tx, &member, project_id).await?;
    let id = Uuid::new_v4();
    let key = format!("{}/{id}", member.account_id);
    let size = bytes.len() as i64;
    state.files.put(&key, bytes).await.map_err(internal)?;
    let stored = async {
        sqlx::query(
            "UPDATE project_files SET current = false WHERE project_id = $1 AND kind = $2 AND current",
        )
        .bind(project_id)
        .bind(kind.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO project_files (id, account_id, project_id, kind, file_name, size_bytes, storage_key, uploaded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(member.account_id)
        .bind(project_id)
        .bind(kind.as_str())
        .bind(&file_name)
        .bind(size)
        .bind(&key)
        .bind(member.user.id)
        .execute(&mut *tx)
        .await?;
        // The file it replaces is forgotten, unless an order was placed with it.
        let replaced: Vec<String> = sqlx::query_scalar(
            "DELETE FROM project_files f WHERE f.project_id = $1 AND f.kind = $2 AND NOT f.current
               AND NOT EXISTS (SELECT 1 FROM order_files o WHERE o.file_id = f.id)
             RETURNING f.storage_key",
        )
        .bind(project_id)
        .bind(kind.as_str())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(replaced)
    }
    .await;
    match stored {
        Ok(replaced) => {
            for old in replaced {
                if let Err(error) = state.files.delete(&old).await {
                    tracing::warn!(%error, key = old, "replaced design file not deleted");
                }
            }
        }
        Err(error) => {
            // The bytes without their row would never be reachable: remove them.
            let _ = state.files.delete(&key).await;
            return Err(error.into());
        }
    }
    Ok(ProjectFile {
        id,
        kind,
        file_name,
        size_bytes: size,
        uploaded_by: Some(format!(
            "{} {}",
            member.user.first_name, member.user.last_name
        )),
        uploaded_at: unix(OffsetDateTime::now_utc()),
    })
}
