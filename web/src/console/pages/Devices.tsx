import { useState, type FormEvent } from "react";
import { call, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { useI18n } from "../../i18n";
import { ErrorNotice, TableScroll, formatTime } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { DeviceSettings } from "../deviceSettings";
import { deviceFields } from "../fieldLabels";
import { useSendOnce } from "../sendOnce";
import { TimeZoneList } from "../timeZones";

type PairingCode = Schemas["PairingCode"];
type SetupCode = Schemas["SetupCode"] & { name: string };

const STATE_LABEL: Record<Schemas["Device"]["status"], MessageKey> = {
  awaiting_pairing: "devices.waiting",
  paired: "devices.paired",
  revoked: "devices.revoked",
};

/** Minutes since a paired kiosk was last heard from, when that is longer than `quietAfterMinutes` (the server's
 * FACEPASS_DEVICE_QUIET_MINUTES, the quiet-devices alarm's threshold: a running kiosk asks about once a minute, so
 * silence this long means it is switched off, closed or off the network — and checks made meanwhile may be waiting
 * on the tablet); "never" for one paired and never heard from; null for a kiosk heard from lately, or not paired. */
export function quietMinutes(device: Schemas["Device"], now: number, quietAfterMinutes: number): number | "never" | null {
  if (device.status !== "paired") return null;
  if (!device.last_seen_at) return "never";
  const silent = now - Date.parse(device.last_seen_at);
  return silent > quietAfterMinutes * 60_000 ? Math.floor(silent / 60_000) : null;
}

/** `list`: the server's answer — its time (`listed_at`; last_seen_at is the server's too: a console PC's clock that
 * is off never marks a live kiosk quiet, nor hides a silent one) and its threshold (`quiet_after_minutes`). */
function QuietBadge({ device, list }: { device: Schemas["Device"]; list: Schemas["DeviceList"] }) {
  const { t } = useI18n();
  const quiet = quietMinutes(device, Date.parse(list.listed_at), list.quiet_after_minutes);
  if (quiet === null) return null;
  return (
    <span className="badge bad" data-testid="device-quiet">
      {quiet === "never" ? t("devices.quiet.never") : t("devices.quiet", { minutes: quiet })}
    </span>
  );
}

export function DevicesPage() {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const devices = useAsync(() => call(api.GET("/devices")), [api]);
  const [code, setCode] = useState<PairingCode | null>(null);
  // A setup code for a kiosk's setup mode (?setup=1): shown once, here, until another code replaces it.
  const [setup, setSetup] = useState<SetupCode | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One write at a time: a double click on "Add kiosk" would otherwise create two kiosks and show only the second's
  // code.
  const { once, sending, busy } = useSendOnce();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending()) return;
    const element = event.currentTarget; // React clears currentTarget once the handler awaits
    const form = new FormData(element);
    await once(async () => {
      setError(null);
      try {
        const site = String(form.get("site") ?? "").trim();
        setCode(await call(api.POST("/devices", { body: {
          name: String(form.get("name")).trim(), timezone: String(form.get("timezone")).trim(), ...(site ? { site } : {}),
        } })));
        element.reset();
        devices.reload();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  async function act(run: () => Promise<unknown>) {
    await once(async () => {
      setError(null);
      try {
        await run();
        devices.reload();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  return (
    <section className="stack" aria-labelledby="devices-title">
      <h2 id="devices-title">{t("devices.title")}</h2>
      <form className="card row" onSubmit={create} aria-label={t("devices.add")}>
        <label>{t("devices.name")}<input name="name" required maxLength={100} /></label>
        <label>{t("devices.site")}<input name="site" maxLength={100} /></label>
        <label>{t("devices.timezone")}<input name="timezone" required list="time-zones"
          defaultValue={Intl.DateTimeFormat().resolvedOptions().timeZone} /></label>
        <TimeZoneList />
        <button type="submit" disabled={busy}>{t("devices.add")}</button>
      </form>
      {code && (
        <div className="notice ok" role="status" data-testid="pairing">
          <p>{t("devices.code", { name: code.device.name, code: "" })}</p>
          <p className="pairing-code" data-testid="pairing-code">{code.pairing_code}</p>
          <p>{t("devices.code.expires", { time: formatTime(code.pairing_expires_at, locale, calendar.timeZone) })}</p>
        </div>
      )}
      {setup && (
        <div className="notice ok" role="status" data-testid="setup">
          <p>{t("devices.setup.code", { name: setup.name })}</p>
          <p className="pairing-code" data-testid="setup-code">{setup.setup_code}</p>
          <p>{t("devices.setup.expires", { time: formatTime(setup.expires_at, locale, calendar.timeZone) })}</p>
        </div>
      )}
      <ErrorNotice error={error ?? devices.error} fields={deviceFields(t)} />
      {devices.data && devices.data.items.length === 0 && <p>{t("devices.empty")}</p>}
      {devices.data && devices.data.items.length > 0 && (
        <TableScroll label={t("nav.devices")}>
        <table data-testid="devices">
          <thead><tr><th>{t("devices.name")}</th><th>{t("devices.site")}</th><th>{t("devices.timezone")}</th>
            <th>{t("devices.state")}</th><th>{t("devices.lastseen")}</th><th>{t("devices.settings")}</th><th><span className="visually-hidden">{t("devices.revoke")}</span></th></tr></thead>
          <tbody>
            {devices.data.items.map((device) => (
              <tr key={device.id} data-device={device.name}>
                <td className="text">{device.name}</td><td className="text">{device.site ?? "—"}</td><td>{device.timezone}</td>
                <td data-testid="device-state">{t(STATE_LABEL[device.status])}</td>
                <td>{formatTime(device.last_seen_at, locale, calendar.timeZone)} {devices.data && <QuietBadge device={device} list={devices.data} />}</td>
                <td><DeviceSettings device={device} disabled={busy} onChange={(patch) => {
                  void act(() => call(api.PATCH("/devices/{device_id}", { params: { path: { device_id: device.id } }, body: patch })));
                }} /></td>
                <td className="row">
                  {device.status === "revoked" && <span data-testid="revoked-hint">{t("devices.revoked.hint")}</span>}
                  {device.status !== "revoked" && (
                    <>
                      {device.status === "paired" && (
                        // Opens the tablet's setup mode (Door, Automatic mode, "Seen: HR was told") once.
                        <button type="button" className="secondary" disabled={busy} data-testid="setup-code-new" onClick={() => {
                          if (sending()) return;
                          void act(async () => {
                            const made = await call(api.POST("/devices/{device_id}/setup-code", { params: { path: { device_id: device.id } } }));
                            setCode(null);
                            setSetup({ ...made, name: device.name });
                          });
                        }}>{t("devices.setup")}</button>
                      )}
                      <button type="button" className="secondary" disabled={busy} onClick={() => {
                        if (sending()) return;
                        // A paired kiosk loses its credential at once: say so before it happens.
                        if (device.status === "paired" && !window.confirm(t("devices.newcode.confirm", { name: device.name }))) return;
                        void act(async () => {
                          setCode(await call(api.POST("/devices/{device_id}/pairing-code", { params: { path: { device_id: device.id } } })));
                          setSetup(null);
                        });
                      }}>
                        {t("devices.newcode")}
                      </button>
                      <button type="button" className="danger" disabled={busy} onClick={() => {
                        if (sending()) return;
                        if (window.confirm(t("devices.revoke.confirm", { name: device.name }))) {
                          void act(async () => {
                            await call(api.DELETE("/devices/{device_id}", { params: { path: { device_id: device.id } } }));
                            setCode((shown) => (shown?.device.id === device.id ? null : shown)); // its code no longer works
                            setSetup((shown) => (shown?.device_id === device.id ? null : shown));
                          });
                        }
                      }}>{t("devices.revoke")}</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </TableScroll>
      )}
    </section>
  );
}
