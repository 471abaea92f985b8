//! TEMPORARY during the redesign: the hand-written form state of the pages not yet moved to
//! actions. Removed once no page uses it.
use super::form::FormStatus;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct FormState {
    pub error: RwSignal<Option<AppError>>,
    pub pending: RwSignal<bool>,
    pub done: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            error: RwSignal::new(None),
            pending: RwSignal::new(false),
            done: RwSignal::new(false),
        }
    }

    pub fn status(self) -> FormStatus {
        FormStatus {
            error: self.error.into(),
            pending: self.pending.into(),
            done: self.done.into(),
        }
    }

    pub fn submit<T, F>(
        self,
        check: Result<(), AppError>,
        call: impl FnOnce() -> F + 'static,
        on_success: impl FnOnce(T) + 'static,
    ) where
        F: std::future::Future<Output = Result<T, AppError>> + 'static,
        T: 'static,
    {
        self.done.set(false);
        if let Err(error) = check {
            self.error.set(Some(error));
            return;
        }
        self.pending.set(true);
        leptos::task::spawn_local(async move {
            let result = call().await;
            self.pending.set(false);
            match result {
                Ok(value) => {
                    self.error.set(None);
                    self.done.set(true);
                    on_success(value);
                }
                Err(error) => self.error.set(Some(error)),
            }
        });
    }
}
