// A kiosk's Door and Automatic mode, set by HR on the Devices page (PATCH /devices/{id}): they win over the tablet's
// own setup mode, which anyone at the tablet's address could open. "Set on the tablet" (null) gives the choice back.
import type { Schemas } from "../api/client";
import { useI18n } from "../i18n";
import { DOOR_LABEL, doorOf, type Door } from "../kiosk/deviceStore";

type Device = Schemas["Device"];
export type DevicePatch = Schemas["DevicePatch"];

const TABLET = ""; // the select's value for null: not set here

function automaticOf(value: string): boolean | null {
  return value === "on" ? true : value === "off" ? false : null;
}

/** `onChange` sends one field; disabled while a write is being answered, read-only for a revoked kiosk. */
export function DeviceSettings({ device, disabled, onChange }: {
  device: Device; disabled: boolean; onChange: (patch: DevicePatch) => void;
}) {
  const { t } = useI18n();
  const door = device.door ?? null;
  const automatic = device.automatic ?? null;
  const locked = disabled || device.status === "revoked";
  return (
    <div className="row" data-testid="device-settings">
      <label>{t("kiosk.door")}
        <select data-testid="device-door" value={door ?? TABLET} disabled={locked}
          onChange={(e) => onChange({ door: doorOf(e.target.value) })}>
          <option value={TABLET}>{t("devices.setOnTablet")}</option>
          {(Object.keys(DOOR_LABEL) as Door[]).map((value) => <option key={value} value={value}>{t(DOOR_LABEL[value])}</option>)}
        </select>
      </label>
      <label>{t("kiosk.auto")}
        <select data-testid="device-automatic" value={automatic === null ? TABLET : automatic ? "on" : "off"}
          disabled={locked} onChange={(e) => onChange({ automatic: automaticOf(e.target.value) })}>
          <option value={TABLET}>{t("devices.setOnTablet")}</option>
          <option value="on">{t("devices.automatic.on")}</option>
          <option value="off">{t("devices.automatic.off")}</option>
        </select>
      </label>
    </div>
  );
}
