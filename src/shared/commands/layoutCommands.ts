import { z } from 'zod'
import { layoutNameField, layoutSchema } from '../layouts'

/**
 * The layout menu's commands. Arranging panels is a viewer's own business, but saved layouts are
 * shared by every view of this Tickwire, so saving and deleting need the operator role.
 */
export const LAYOUT_COMMANDS = {
  listLayouts: { label: 'listing layouts', role: 'viewer', args: z.strictObject({}) },
  saveLayout: {
    label: 'saving the layout',
    role: 'operator',
    args: z.strictObject({ name: layoutNameField, layout: layoutSchema })
  },
  deleteLayout: {
    label: 'deleting the layout',
    role: 'operator',
    args: z.strictObject({ name: layoutNameField })
  }
} as const
