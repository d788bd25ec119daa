import type { FormInstance } from 'antd';

/**
 * The form's values when every field is valid, else null: Ant Design has then marked the fields in error, and the
 * rejected promise of `validateFields` must not escape as an uncaught error (a console error on every empty save).
 */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
