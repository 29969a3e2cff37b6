-- A payroll number per employee: the key a payroll system imports the timesheet and daily CSVs by (matching by name
-- pays two people of one name each other's hours). Optional (null: none given), 1-50 printable characters as HR
-- typed them (trimmed, case kept), unique when set, in any case (as the email: `A-17` and `a-17` are one number to a
-- person reading a payslip); a duplicate is 409 employee_number_taken (employees.py reads the index's name). Every
-- change is an employee_audit row, field 'employee_number' (the CHECK written again with every field kept, NOT VALID,
-- as 0021 and 0026 do). Additive: the previous release lists employees' columns by name and never writes this one.
ALTER TABLE employees
    ADD COLUMN employee_number text CHECK (char_length(employee_number) BETWEEN 1 AND 50);
CREATE UNIQUE INDEX employees_employee_number_unique ON employees (lower(employee_number))
    WHERE employee_number IS NOT NULL;

ALTER TABLE employee_audit DROP CONSTRAINT employee_audit_field_check;
ALTER TABLE employee_audit ADD CONSTRAINT employee_audit_field_check
    CHECK (field IN ('timezone', 'face', 'full_name', 'email', 'department', 'is_active', 'reactivation_forced',
                    'biometrics', 'biometric_consent', 'employee_number')) NOT VALID;
