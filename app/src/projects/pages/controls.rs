//! The project form's controls: one signal per control, and the controls themselves (the form
//! around them adds the alert and the button).
use crate::{
    components::{
        controls::{choices, Input, RadioGroup, Select, Textarea},
        form::FormStatus,
        labels::{finish_text, mask_text, service_text, thickness_text, whole_number},
        text::tr,
    },
    i18n::*,
    projects::forms::ProjectForm,
};
use leptos::prelude::*;
use shared::{
    BoardThickness, LayerCount, Millimetres, Quantity, Service, SolderMask, SurfaceFinish,
};

/// The bounds the parsers accept, shown as hints and as `min`/`max` of the number inputs.
pub(super) const QUANTITY_RANGE: (u32, u32) = (Quantity::MIN, Quantity::MAX);
const SIZE_RANGE_MM: (u32, u32) = (Millimetres::MIN as u32, Millimetres::MAX as u32);

/// The project form's values as typed, one signal per control.
#[derive(Clone, Copy)]
pub(super) struct ProjectFields {
    name: RwSignal<String>,
    service: RwSignal<String>,
    quantity: RwSignal<String>,
    layers: RwSignal<String>,
    width_mm: RwSignal<String>,
    height_mm: RwSignal<String>,
    thickness: RwSignal<String>,
    finish: RwSignal<String>,
    mask: RwSignal<String>,
    notes: RwSignal<String>,
}

impl ProjectFields {
    pub(super) fn new(form: &ProjectForm) -> Self {
        Self {
            name: RwSignal::new(form.name.clone()),
            service: RwSignal::new(form.service.clone()),
            quantity: RwSignal::new(form.quantity.clone()),
            layers: RwSignal::new(form.layers.clone()),
            width_mm: RwSignal::new(form.width_mm.clone()),
            height_mm: RwSignal::new(form.height_mm.clone()),
            thickness: RwSignal::new(form.thickness.clone()),
            finish: RwSignal::new(form.finish.clone()),
            mask: RwSignal::new(form.mask.clone()),
            notes: RwSignal::new(form.notes.clone()),
        }
    }

    pub(super) fn set(self, form: &ProjectForm) {
        self.name.set(form.name.clone());
        self.service.set(form.service.clone());
        self.quantity.set(form.quantity.clone());
        self.layers.set(form.layers.clone());
        self.width_mm.set(form.width_mm.clone());
        self.height_mm.set(form.height_mm.clone());
        self.thickness.set(form.thickness.clone());
        self.finish.set(form.finish.clone());
        self.mask.set(form.mask.clone());
        self.notes.set(form.notes.clone());
    }

    /// The form as typed now (tracked: a closure calling it follows every control).
    pub(super) fn get(self) -> ProjectForm {
        ProjectForm {
            name: self.name.get(),
            service: self.service.get(),
            quantity: self.quantity.get(),
            layers: self.layers.get(),
            width_mm: self.width_mm.get(),
            height_mm: self.height_mm.get(),
            thickness: self.thickness.get(),
            finish: self.finish.get(),
            mask: self.mask.get(),
            notes: self.notes.get(),
        }
    }

    pub(super) fn get_untracked(self) -> ProjectForm {
        untrack(move || self.get())
    }
}

/// The project's controls.
#[component]
pub(super) fn ProjectControls(fields: ProjectFields, status: FormStatus) -> impl IntoView {
    let i18n = use_i18n();
    let service_options = choices(&Service::ALL, Service::as_str, service_text);
    let layer_options = choices(
        &LayerCount::ALL,
        |layers| layers.get().to_string(),
        |_, layers| layers.get().to_string(),
    );
    let thickness_options = choices(&BoardThickness::ALL, BoardThickness::as_str, thickness_text);
    let finish_options = choices(&SurfaceFinish::ALL, SurfaceFinish::as_str, finish_text);
    let mask_options = choices(&SolderMask::ALL, SolderMask::as_str, mask_text);
    let quantity_hint = Signal::derive(move || {
        t_string!(
            i18n,
            projects.quantity_hint,
            min = whole_number(i18n.get_locale(), QUANTITY_RANGE.0),
            max = whole_number(i18n.get_locale(), QUANTITY_RANGE.1)
        )
        .to_string()
    });
    let size_hint = Signal::derive(move || {
        t_string!(
            i18n,
            projects.size_hint,
            min = SIZE_RANGE_MM.0,
            max = SIZE_RANGE_MM.1
        )
        .to_string()
    });
    let notes_hint = Signal::derive(move || t_string!(i18n, projects.notes_hint).to_string());
    view! {
        <Input id="name" value=fields.name status required=true maxlength=100 autocomplete="off">
            {tr!(i18n, projects.name_label)}
        </Input>
        <RadioGroup name="service" value=fields.service status choices=service_options required=true>
            {tr!(i18n, projects.service_legend)}
        </RadioGroup>
        <div class="field-row">
            <Input id="quantity" value=fields.quantity status kind="number" required=true
                min=QUANTITY_RANGE.0 max=QUANTITY_RANGE.1 hint=quantity_hint>
                {tr!(i18n, projects.quantity_label)}
            </Input>
            <Select id="layers" value=fields.layers status choices=layer_options>
                {tr!(i18n, projects.layers_label)}
            </Select>
        </div>
        <div class="field-row">
            <Input id="width_mm" value=fields.width_mm status kind="number" required=true
                min=SIZE_RANGE_MM.0 max=SIZE_RANGE_MM.1 hint=size_hint>
                {tr!(i18n, projects.width_label)}
            </Input>
            <Input id="height_mm" value=fields.height_mm status kind="number" required=true
                min=SIZE_RANGE_MM.0 max=SIZE_RANGE_MM.1 hint=size_hint>
                {tr!(i18n, projects.height_label)}
            </Input>
        </div>
        <div class="field-row">
            <Select id="thickness" value=fields.thickness status choices=thickness_options>
                {tr!(i18n, projects.thickness_label)}
            </Select>
            <Select id="finish" value=fields.finish status choices=finish_options>
                {tr!(i18n, projects.finish_label)}
            </Select>
            <Select id="mask" value=fields.mask status choices=mask_options>
                {tr!(i18n, projects.mask_label)}
            </Select>
        </div>
        <Textarea id="notes" value=fields.notes status maxlength=2000 hint=notes_hint>
            {tr!(i18n, projects.notes_label)}
        </Textarea>
    }
    .into_any()
}
