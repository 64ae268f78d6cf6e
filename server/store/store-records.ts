// The small records the store keeps besides payments and notifications, and the error a store whose data
// directory went away answers every change with.

/** The store refuses every change because its data directory is gone or replaced; the log has said so once already. */
export class DataDirectoryLostError extends Error {}

/** A merchant's key, and the display name its buyers see on the hosted pages (optional). */
export interface MerchantRecord { clientId: string; publicKey: string; registeredAt: number; name?: string }

/** Small facts about the sandbox itself, such as how far the clock was ahead of wall time. */
export interface SettingRecord { id: string; value: number }

/** An entry of the one schedule of later work (clock/schedule.ts); `subjectId` is its key. */
export interface TimerRecord { id: string; at: number; kind: string; subjectId: string; payload?: unknown }
