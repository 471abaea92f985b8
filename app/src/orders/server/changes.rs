//! What changed in a project since a purchase request: the parts the approver is shown before
//! ordering the version the requester saw.
use crate::{error::ProjectPart, orders::types::ProjectSnapshot, server::db::projects::FileRef};
use shared::FileKind;

/// The parts of the project that differ between the version requested (`requested`, with its
/// files) and the project now. A save that changed nothing changes no part.
pub(super) fn changes_since(
    requested: (&ProjectSnapshot, &[FileRef]),
    now: (&ProjectSnapshot, &[FileRef]),
) -> Vec<ProjectPart> {
    let ((before, files_before), (after, files_after)) = (requested, now);
    let mut changes = Vec::new();
    if before.name != after.name {
        changes.push(ProjectPart::Name);
    }
    if before.service != after.service {
        changes.push(ProjectPart::Service);
    }
    // Older requests did not keep the project's quantity: nothing to compare it with.
    if before.quantity.is_some() && before.quantity != after.quantity {
        changes.push(ProjectPart::Quantity);
    }
    if before.board != after.board {
        changes.push(ProjectPart::Board);
    }
    if before.notes != after.notes {
        changes.push(ProjectPart::Notes);
    }
    let file_of = |files: &[FileRef], kind: FileKind| {
        files
            .iter()
            .find(|file| file.kind == kind)
            .map(|file| file.id)
    };
    for kind in FileKind::ALL {
        if file_of(files_before, kind) != file_of(files_after, kind) {
            changes.push(ProjectPart::File(kind));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projects::forms::ProjectForm;
    use uuid::Uuid;

    fn snapshot() -> ProjectSnapshot {
        let (service, board) = ProjectForm::default().board().expect("the default parses");
        ProjectSnapshot {
            name: "Carte".into(),
            service,
            quantity: Some(10),
            board,
            notes: String::new(),
        }
    }

    fn file(kind: FileKind) -> FileRef {
        FileRef {
            id: Uuid::new_v4(),
            kind,
        }
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let files = [file(FileKind::Gerber)];
        assert!(changes_since((&snapshot(), &files), (&snapshot(), &files)).is_empty());
    }

    #[test]
    fn each_field_and_each_file_kind_is_its_own_part() {
        let gerber = file(FileKind::Gerber);
        let bom = file(FileKind::Bom);
        let mut now = snapshot();
        now.name = "Carte v2".into();
        now.quantity = Some(20);
        now.board.mask = shared::SolderMask::Black;
        now.notes = "Vernis".into();
        let files_now = [file(FileKind::Gerber), bom, file(FileKind::PickAndPlace)];
        assert_eq!(
            changes_since((&snapshot(), &[gerber, bom]), (&now, &files_now)),
            [
                ProjectPart::Name,
                ProjectPart::Quantity,
                ProjectPart::Board,
                ProjectPart::Notes,
                ProjectPart::File(FileKind::Gerber),
                ProjectPart::File(FileKind::PickAndPlace),
            ]
        );
    }

    #[test]
    fn an_older_request_without_the_quantity_does_not_compare_it() {
        let mut before = snapshot();
        before.quantity = None;
        let mut now = snapshot();
        now.quantity = Some(50);
        now.service = shared::Service::Assembly;
        assert_eq!(
            changes_since((&before, &[]), (&now, &[])),
            [ProjectPart::Service]
        );
    }
}
