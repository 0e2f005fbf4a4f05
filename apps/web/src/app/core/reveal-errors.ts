import { AbstractControl, FormArray, FormGroup } from '@angular/forms';

/**
 * ng-zorro's nz-form-control shows a field's error tip when the control is dirty and it hears a
 * status change: mark every field dirty and re-validate each one, so all missing fields show.
 * Returns whether the form is valid.
 */
export function revealErrors(control: AbstractControl): boolean {
  if (control.valid) return true;
  control.markAllAsTouched();
  const visit = (c: AbstractControl) => {
    if (c instanceof FormGroup || c instanceof FormArray) {
      for (const child of Object.values(c.controls) as AbstractControl[]) visit(child);
    }
    c.markAsDirty({ onlySelf: true });
    c.updateValueAndValidity({ onlySelf: true });
  };
  visit(control);
  return false;
}
