/**
 * Stored documents. Field names, types and key order follow the real server's MongoDB documents (see
 * /work/shared/tiledesk-protocol.md), so a stored document serialised as-is is already the wire shape;
 * the variants (populated, lean, virtuals) are produced in domain/views.ts.
 */
export type IsoDate = string;
export type JsonObject = Record<string, unknown>;

export interface UserDoc {
  status: number;
  _id: string;
  email: string;
  firstname: string;
  lastname: string;
  emailverified: boolean;
  phone?: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface ProjectSettings {
  chat_limit_on?: boolean;
  max_agent_assigned_chat?: number;
  allowed_upload_extentions?: string | string[];
  [key: string]: unknown;
}

export interface ProjectDoc {
  status: number;
  ipFilterEnabled: boolean;
  ipFilter: string[];
  ipFilterDenyEnabled: boolean;
  ipFilterDeny: string[];
  _id: string;
  name: string;
  activeOperatingHours: boolean;
  createdBy: string;
  profile: { trialDays: number; name: string; agents: number; type: string };
  versions: number;
  channels: { name: string }[];
  bannedUsers: unknown[];
  settings?: ProjectSettings;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export const ROLES = ['guest', 'user', 'teammate', 'agent', 'supervisor', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export interface ProjectUserDoc {
  user_available: boolean;
  number_assigned_requests: number;
  last_login_at: IsoDate;
  permissions: string[];
  status: 'active' | 'disabled';
  trashed: boolean;
  _id: string;
  id_project: string;
  id_user?: string;
  uuid_user?: string;
  role: string;
  roleType: 1 | 2;
  createdBy: string;
  tags: unknown[];
  profileStatus?: string;
  max_assigned_chat?: number;
  attributes?: JsonObject;
  settings?: JsonObject;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export type Routing = 'assigned' | 'pooled' | 'fixed';

export interface DepartmentDoc {
  routing: Routing;
  default: boolean;
  status: number;
  _id: string;
  name: string;
  description?: string;
  id_project: string;
  createdBy: string;
  groups: unknown[];
  tags: unknown[];
  id_bot?: string;
  id_operator?: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface LeadDoc {
  tags: unknown[];
  status: number;
  _id: string;
  lead_id: string;
  fullname: string;
  email?: string;
  phone: string | null;
  attributes?: JsonObject;
  id_project: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface NoteDoc {
  _id: string;
  text: string;
  createdBy: string;
  updatedAt: IsoDate;
  createdAt: IsoDate;
}

export interface TagDoc {
  _id: string;
  tag: string;
  color?: string;
}

export interface RequestSnapshot {
  department?: DepartmentDoc;
  availableAgentsCount?: number;
  requester?: ProjectUserDoc;
  lead?: LeadDoc;
  agents?: ProjectUserDoc[];
}

export interface RequestDoc {
  status: number;
  preflight: boolean;
  hasBot: boolean;
  participants: string[];
  priority: string;
  followers: string[];
  participantsAgents: string[];
  participantsBots: string[];
  _id: string;
  request_id: string;
  requester: string;
  lead: string;
  first_text: string;
  department?: string;
  sourcePage?: string;
  language?: string;
  userAgent?: string;
  assigned_at?: IsoDate;
  attributes?: JsonObject;
  id_project: string;
  createdBy: string;
  channel: { name: string };
  tags: TagDoc[];
  notes: NoteDoc[];
  createdAt: IsoDate;
  snapshot: RequestSnapshot;
  channelOutbound: { name: string };
  smartAssignment: boolean;
  updatedAt: IsoDate;
  ticket_id: number;
  __v: number;
  subject?: string;
  location?: unknown;
  workingStatus?: string;
  draft?: boolean;
  rating?: number;
  rating_message?: string;
  first_response_at?: IsoDate;
  waiting_time?: number;
  transcript?: string;
  duration?: number;
  closed_by?: string;
  closed_at?: IsoDate;
}

export interface MessageDoc {
  senderFullname: string;
  type: string;
  channel_type: string;
  status: number;
  _id: string;
  sender: string;
  recipient: string;
  text?: string;
  id_project: string;
  createdBy: string;
  metadata?: unknown;
  attributes?: JsonObject;
  language?: string;
  channel: { name: string };
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface SubscriptionDoc {
  secret: string;
  global: boolean;
  _id: string;
  target: string;
  event: string;
  id_project: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface CannedDoc {
  _id: string;
  title?: string;
  text: string;
  shared: boolean;
  attributes?: JsonObject;
  id_project: string;
  createdBy: string;
  updatedBy: string;
  status: number;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface PendingInvitationDoc {
  _id: string;
  email: string;
  role: string;
  id_project: string;
  createdBy: string;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  __v: number;
}

export interface StoredFile {
  path: string;
  contentType: string;
  size: number;
  data: Uint8Array;
  createdBy: string;
  createdAt: IsoDate;
}
